from cmcoord.api.routers import IdRouter

from .hct import DecisionViewSet, ReferralViewSet
from .rfa import RequestViewSet
from .tasking import TaskViewSet

router = IdRouter()
router.register("requests", RequestViewSet, basename="api-request")
router.register("referrals", ReferralViewSet, basename="api-referral")
router.register("decisions", DecisionViewSet, basename="api-decision")
router.register("tasks", TaskViewSet, basename="api-task")

urlpatterns = router.urls
