from django.urls import path
from rest_framework.routers import SimpleRouter

from . import exports, views

router = SimpleRouter()
router.register("reports", views.ReportViewSet, basename="report")
router.register("exports", exports.ExportJobViewSet, basename="export")
# An action on the directives' path (their other routes: directives.api.urls).
router.register("directives", views.DirectiveReportViewSet, basename="directive")
# The unit summary on the units' path (their other routes: tracker.api.urls).
router.register("units", views.UnitSummaryViewSet, basename="unit-summary")

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    *router.urls,
]
