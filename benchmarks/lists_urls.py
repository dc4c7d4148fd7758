"""The URLs benchmarks/lists.py serves (benchmarks/lists_settings.py): the app's, plus a bare DRF list of
the liaison's tasks.

The bare list is the yardstick of the task API: the same rows (the force's tasks), the same serializer and
prefetches and the same pagination, without the visibility rules (no roles, no grants).
"""

from django.urls import include, path
from rest_framework import generics, permissions


class BareTaskList(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]

    def get_serializer_class(self):
        from requests.api.serializers.tasking import MilitaryTaskSerializer

        return MilitaryTaskSerializer

    def get_queryset(self):
        from django.db.models import OuterRef, Prefetch, Subquery

        from requests.models import PENDING_FIRST, ConditionsAcknowledgement, Decision, RequestLeg, Task

        in_force = Decision.objects.filter(superseded_by__isnull=True).order_by("-created_at")
        return (
            Task.objects.filter(force_id=self.request.user.organization_id)
            # What the serializer reads (requests.selectors.tasks_for_user), without the visibility rules.
            .annotate(
                last_acknowledged=Subquery(
                    ConditionsAcknowledgement.objects.filter(task=OuterRef("pk"))
                    .order_by("-decision_id")
                    .values("decision_id")[:1]
                )
            )
            .select_related("request", "force")
            .prefetch_related(
                Prefetch("request__legs", queryset=RequestLeg.objects.order_by("order")),
                Prefetch("request__decisions", queryset=in_force, to_attr="decisions_in_force"),
                "reports__by",
            )
            .order_by(PENDING_FIRST.asc(), "-tasked_at", "-pk")
        )


urlpatterns = [
    path("bench/bare-tasks/", BareTaskList.as_view()),
    path("", include("cmcoord.urls")),
]
