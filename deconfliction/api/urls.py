from rest_framework.routers import SimpleRouter

from .views import HumanitarianNotificationViewSet, ReceivedViewSet

router = SimpleRouter()
router.register("humanitarian-notifications", HumanitarianNotificationViewSet, basename="api-hn")
router.register("received-notifications", ReceivedViewSet, basename="api-hn-received")

urlpatterns = router.urls
