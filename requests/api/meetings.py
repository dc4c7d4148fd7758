"""The API of HCT meetings (read): the same selector and permissions as the pages. The HCT and its
secretariat only; anyone else gets 404 for a meeting and an empty list."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets

from cmcoord.models import User

from .. import permissions
from ..models import Decision, HctReferral
from .serializers.meetings import MeetingSerializer


@extend_schema(tags=["hct"])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """HCT meetings: when and where, status, attendance, minutes, and the agenda with each item's decision."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        return (
            permissions.visible_meetings(self.request.user)
            .prefetch_related(
                Prefetch("attendees", queryset=User.objects.order_by("pk")),
                Prefetch(
                    "agenda",
                    queryset=HctReferral.objects.select_related("request").order_by("opened_at", "pk"),
                ),
                Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "pk")),
            )
            .order_by("-starts_at", "-pk")
        )
