from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("obligations", views.ObligationViewSet, basename="obligation")
router.register("extension-requests", views.ExtensionRequestViewSet,
                basename="extension-request")

urlpatterns = router.urls
