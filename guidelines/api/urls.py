from rest_framework.routers import SimpleRouter

from .views import CriterionViewSet, GuidelineViewSet

router = SimpleRouter()
router.register("guidelines", GuidelineViewSet, basename="api-guideline")
router.register("criteria", CriterionViewSet, basename="api-criterion")

urlpatterns = router.urls
