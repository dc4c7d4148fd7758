"""Serializers of tasks: the only shapes a military user receives. They list, field by field, what DOMAIN.md
("Tasking the military") lets the force see; nothing of the assessment, comments or HCT deliberations, and no
contact but the one humanitarian point of contact named for the task."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import AssistanceRequest, Decision, RequestLeg, Task, TaskReport


class MilitaryLegSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestLeg
        fields = ["order", "from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"]


class MilitaryRequestSerializer(serializers.ModelSerializer):
    """The ask: the task, places and coordinates, time window, load and priority."""

    legs = MilitaryLegSerializer(many=True, read_only=True)

    class Meta:
        model = AssistanceRequest
        fields = [
            "reference",
            "title",
            "capability",
            "assistance_type",
            "description",
            "legs",
            "required_by",
            "latest_acceptable",
            "duration_days",
            "passengers",
            "cargo_description",
            "cargo_weight_kg",
            "cargo_volume_m3",
            "dangerous_goods",
            "priority",
        ]


class MilitaryApprovalSerializer(serializers.ModelSerializer):
    """The conditions of the approval and its validity."""

    class Meta:
        model = Decision
        fields = ["conditions", "valid_from", "valid_until"]


class MilitaryReportSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = TaskReport
        fields = ["at", "by", "text"]

    def get_by(self, report) -> str:
        return str(report.by)


class MilitaryTaskSerializer(serializers.ModelSerializer):
    """A task as its force sees it (and as everyone sees it through the tasks API)."""

    force = serializers.CharField(source="force.short_name", read_only=True)
    request = MilitaryRequestSerializer(read_only=True)
    approval = serializers.SerializerMethodField()
    reports = MilitaryReportSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "url",
            "status",
            "approval_expired",
            "force",
            "request",
            "approval",
            "poc_name",
            "poc_organization",
            "poc_phone",
            "poc_email",
            "tasked_at",
            "accepted_at",
            "declined_at",
            "decline_reason",
            "completed_on",
            "delivered",
            "notes",
            "reports",
        ]

    def get_approval(self, task) -> dict | None:
        in_force = getattr(task.request, "decisions_in_force", None)
        decision = in_force[0] if in_force else None
        return MilitaryApprovalSerializer(decision).data if decision else None


class TaskCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField(help_text=_("The approved request's id."))
    force = serializers.IntegerField(help_text=_("A military organisation of the operation."))
    poc = serializers.IntegerField(
        help_text=_("The humanitarian point of contact (a user of the operation).")
    )
    poc_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    expected_status = serializers.ChoiceField(choices=AssistanceRequest.Status.choices, required=False)


class TaskDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField()


class TaskProgressSerializer(serializers.Serializer):
    text = serializers.CharField()


class TaskCompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    delivered = serializers.CharField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


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
