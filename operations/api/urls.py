from cmcoord.api.routers import IdRouter

from .views import OperationViewSet

router = IdRouter()
router.register("operations", OperationViewSet, basename="api-operation")

urlpatterns = router.urls
