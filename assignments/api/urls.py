from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("assignments", views.AssignmentViewSet, basename="assignment")
# An action on the directives' path (their other routes: directives.api.urls).
router.register("directives", views.DirectiveSummaryViewSet, basename="directive")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("obligations", views.ObligationViewSet, basename="obligation")
router.register("extension-requests", views.ExtensionRequestViewSet,
                basename="extension-request")

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    *router.urls,
]
