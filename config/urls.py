from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import ops
from tracker import health

# A 404 raised anywhere under /api/ answers the API's JSON; elsewhere the product's page.
handler404 = "tracker.api_errors.not_found"

urlpatterns = [
    # Operators: probes and metrics (anonymous probes; metrics for staff or a token).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", ops.metrics, name="metrics"),
    path("admin/van-hanh/", ops.ops_admin_page, name="admin-ops"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
    path("nhap-van-ban/", include("directives.web")),
    path("xuat/", include("reports.web")),
    path("tai-khoan/", include("tracker.accounts.urls")),
    path("", include("config.web_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
