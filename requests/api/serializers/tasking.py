"""Serializers of tasks: the only shapes a military user receives. They show, field by field, what
DOMAIN.md ("Tasking the military") lets the force see (permissions.FORCE_VISIBLE); nothing of the assessment,
comments or HCT deliberations, and no contact but the one humanitarian point of contact named for the task."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cmcoord.limits import TEXT_MAX_LENGTH

from ...models import AssistanceRequest, Decision, RequestLeg, Task, TaskReport
from ...permissions import FORCE_VISIBLE
from ...selectors import acknowledgement_due_after
from .hct import conditions_field


class MilitaryLegSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestLeg
        fields = list(FORCE_VISIBLE[RequestLeg])


class MilitaryRequestSerializer(serializers.ModelSerializer):
    """The ask: the task, places and coordinates, time window, load and priority."""

    legs = MilitaryLegSerializer(many=True, read_only=True)

    class Meta:
        model = AssistanceRequest
        fields = [*FORCE_VISIBLE[AssistanceRequest], "legs"]


class MilitaryApprovalSerializer(serializers.ModelSerializer):
    """The conditions of the approval and its validity."""

    conditions = conditions_field()

    class Meta:
        model = Decision
        fields = list(FORCE_VISIBLE[Decision])


class MilitaryReportSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = TaskReport
        fields = list(FORCE_VISIBLE[TaskReport])

    def get_by(self, report) -> str:
        return str(report.by)


class MilitaryTaskSerializer(serializers.ModelSerializer):
    """A task as its force sees it (and as everyone sees it through the tasks API)."""

    force = serializers.CharField(source="force.short_name", read_only=True)
    request = MilitaryRequestSerializer(read_only=True)
    approval = serializers.SerializerMethodField()
    acknowledgement_due = serializers.SerializerMethodField(
        help_text=_(
            "The id of the renewed or amended approval the force must acknowledge (POST acknowledge/ with "
            "it) before its next report; null when no acknowledgement is due."
        )
    )
    reports = MilitaryReportSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "url", *FORCE_VISIBLE[Task], "request", "approval", "acknowledgement_due", "reports"]

    @staticmethod
    def _in_force(task) -> Decision | None:
        in_force = getattr(task.request, "decisions_in_force", None)
        return in_force[0] if in_force else None

    @extend_schema_field(MilitaryApprovalSerializer(allow_null=True))
    def get_approval(self, task) -> dict | None:
        decision = self._in_force(task)
        return MilitaryApprovalSerializer(decision).data if decision else None

    def get_acknowledgement_due(self, task) -> int | None:
        # tasks_for_user() read the decision in force and annotated the last acknowledgement: no query here.
        due = acknowledgement_due_after(task, self._in_force(task), task.last_acknowledged)
        return due.pk if due else None


class TaskCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField(help_text=_("The approved request's id."))
    force = serializers.IntegerField(help_text=_("A military organisation of the operation."))
    poc = serializers.IntegerField(
        help_text=_("The humanitarian point of contact (a user of the operation).")
    )
    poc_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    expected_status = serializers.ChoiceField(choices=AssistanceRequest.Status.choices, required=False)


class TaskDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
    )


class TaskProgressSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
    )


class TaskCompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    delivered = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
    )
    notes = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class TaskAcceptSerializer(serializers.Serializer):
    expected_status = serializers.ChoiceField(choices=Task.Status.choices, required=False)
    conditions_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "The force confirms the conditions and validity of the approval; without it the answer is 400 "
            "with the code conditions_not_confirmed."
        ),
    )


class TaskAcknowledgeSerializer(serializers.Serializer):
    decision = serializers.IntegerField(help_text="The id of the renewed or amended decision the force read.")
