from cmcoord.api.routers import IdRouter

from .views import CriterionViewSet, GuidelineViewSet

router = IdRouter()
router.register("guidelines", GuidelineViewSet, basename="api-guideline")
router.register("criteria", CriterionViewSet, basename="api-criterion")

urlpatterns = router.urls
