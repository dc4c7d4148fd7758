from rest_framework.routers import SimpleRouter

from .views import NotificationViewSet, ReceivedViewSet

router = SimpleRouter()
router.register("humanitarian-notifications", NotificationViewSet, basename="api-hn")
router.register("received-notifications", ReceivedViewSet, basename="api-hn-received")

urlpatterns = router.urls
