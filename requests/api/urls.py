from django.urls import path

from cmcoord.api.routers import IdRouter

from .exports import ExportJobViewSet, RequestExportView
from .hct import DecisionViewSet, ReferralViewSet
from .meetings import MeetingViewSet
from .rfa import RequestViewSet
from .tasking import TaskViewSet

router = IdRouter()
router.register("requests", RequestViewSet, basename="api-request")
router.register("referrals", ReferralViewSet, basename="api-referral")
router.register("decisions", DecisionViewSet, basename="api-decision")
router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register("tasks", TaskViewSet, basename="api-task")
router.register("request-exports", ExportJobViewSet, basename="api-request-export")

urlpatterns = [
    path("requests/export/<str:fmt>/", RequestExportView.as_view(), name="api-request-export-file"),
    *router.urls,
]
