from rest_framework.routers import SimpleRouter

from .views import AssetViewSet

router = SimpleRouter()
router.register("assets", AssetViewSet, basename="api-asset")

urlpatterns = router.urls
