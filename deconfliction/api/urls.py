from cmcoord.api.routers import IdRouter

from .views import HumanitarianNotificationViewSet, ReceivedViewSet

router = IdRouter()
router.register("humanitarian-notifications", HumanitarianNotificationViewSet, basename="api-hn")
router.register("received-notifications", ReceivedViewSet, basename="api-hn-received")

urlpatterns = router.urls
