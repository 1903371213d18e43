from rest_framework.routers import SimpleRouter

from . import exports, views

router = SimpleRouter()
router.register("reports", views.ReportViewSet, basename="report")
router.register("exports", exports.ExportJobViewSet, basename="export")

urlpatterns = router.urls
