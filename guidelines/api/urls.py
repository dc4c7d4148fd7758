from cmcoord.api.routers import IdRouter

from .views import GuidelineViewSet

router = IdRouter()
router.register("guidelines", GuidelineViewSet, basename="api-guideline")

urlpatterns = router.urls
