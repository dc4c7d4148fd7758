from cmcoord.api.routers import IdRouter

from .views import ContactViewSet, OrganizationViewSet, PlatformViewSet

router = IdRouter()
router.register("organizations", OrganizationViewSet, basename="api-organization")
router.register("contacts", ContactViewSet, basename="api-contact")
router.register("platforms", PlatformViewSet, basename="api-platform")

urlpatterns = router.urls
