from cmcoord.api.routers import IdRouter

from .views import AssetViewSet

router = IdRouter()
router.register("assets", AssetViewSet, basename="api-asset")

urlpatterns = router.urls
