from rest_framework.routers import SimpleRouter

from .views import OperationViewSet

router = SimpleRouter()
router.register("operations", OperationViewSet, basename="api-operation")

urlpatterns = router.urls
