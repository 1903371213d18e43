"""REST API under /api/: v1 resources, OpenAPI schema and Swagger UI."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tracker.api_errors import api_not_found

v1 = [
    path("", include("tracker.api.urls")),
    path("", include("directives.api.urls")),
    path("", include("assignments.api.urls")),
    path("", include("reports.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^.*$", api_not_found),
]
