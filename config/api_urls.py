"""REST API under /api/: v1 resources, OpenAPI schema and Swagger UI."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from django.urls import reverse as url_reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from tracker.api_errors import api_not_found

LIST_ROUTES = ["unit", "unit-group", "directive", "item", "assignment", "period", "obligation",
               "report", "extension-request", "notification", "export", "reorganisation"]


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    """The entry point: where each resource lives, the schema and the docs."""
    links = {name.replace("-", "_") + "s": request.build_absolute_uri(
        url_reverse(f"v1:{name}-list")) for name in LIST_ROUTES}
    links["dashboard"] = request.build_absolute_uri(url_reverse("v1:dashboard"))
    links["auth_token"] = request.build_absolute_uri(url_reverse("v1:auth-token"))
    links["schema"] = request.build_absolute_uri(url_reverse("api-schema"))
    links["docs"] = request.build_absolute_uri(url_reverse("api-docs"))
    return Response(links)


v1 = [
    path("", api_root, name="root"),
    path("", include("tracker.api.urls")),
    path("", include("directives.api.urls")),
    path("", include("assignments.api.urls")),
    path("", include("reports.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI: its init script from /api/docs/?script (no inline script); its CSS
    # draws icons from data: URIs, allowed for images on this page only.
    path("docs/", csp_update({"img-src": ["data:"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    # Anything else under /api/, newlines included (`.` alone stops at one): a JSON 404.
    re_path(r"^[\s\S]*$", api_not_found),
]
