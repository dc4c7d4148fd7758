from rest_framework.routers import SimpleRouter

from .views import GuidelineViewSet

router = SimpleRouter()
router.register("guidelines", GuidelineViewSet, basename="api-guideline")

urlpatterns = router.urls
