from rest_framework.routers import SimpleRouter

from .views import ContactViewSet, OrganizationViewSet, PlatformViewSet

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="api-organization")
router.register("contacts", ContactViewSet, basename="api-contact")
router.register("platforms", PlatformViewSet, basename="api-platform")

urlpatterns = router.urls
