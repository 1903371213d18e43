from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("items", views.ItemViewSet, basename="item")

urlpatterns = router.urls
