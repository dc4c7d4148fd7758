from django.urls import path
from rest_framework.routers import SimpleRouter

from .exports import ExportJobViewSet, RequestExportView
from .hct import DecisionViewSet, ReferralViewSet
from .rfa import RequestViewSet
from .tasking import TaskViewSet

router = SimpleRouter()
router.register("requests", RequestViewSet, basename="api-request")
router.register("referrals", ReferralViewSet, basename="api-referral")
router.register("decisions", DecisionViewSet, basename="api-decision")
router.register("tasks", TaskViewSet, basename="api-task")
router.register("request-exports", ExportJobViewSet, basename="api-request-export")

urlpatterns = [
    path("requests/export/<str:fmt>/", RequestExportView.as_view(), name="api-request-export-file"),
    *router.urls,
]
