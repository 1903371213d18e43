from rest_framework.routers import SimpleRouter

from . import views
from .reorganisations import ReorganisationViewSet

router = SimpleRouter()
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("obligations", views.ObligationViewSet, basename="obligation")
router.register("extension-requests", views.ExtensionRequestViewSet,
                basename="extension-request")
router.register("reorganisations", ReorganisationViewSet, basename="reorganisation")

urlpatterns = router.urls
