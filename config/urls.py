from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# A 404 raised anywhere under /api/ answers the API's JSON; elsewhere the product's page.
handler404 = "tracker.api_errors.not_found"

urlpatterns = [
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
