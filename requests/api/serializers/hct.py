"""Serializers of the HCT procedure, members' responses and decisions (humanitarian users only)."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from cmcoord.limits import TEXT_MAX_LENGTH

from ...models import Decision, HctReferral, HctResponse
from ...services.hct import PROPOSABLE


def conditions_field(**kwargs):
    """The conditions of a decision or a proposal: one text per condition (a JSON list in the database)."""
    return serializers.ListField(child=serializers.CharField(), read_only=True, **kwargs)


@extend_schema_serializer(component_name="HctResponse")
class ResponseSerializer(serializers.ModelSerializer):
    member = serializers.StringRelatedField()

    class Meta:
        model = HctResponse
        fields = ["id", "member", "position", "comment", "responded_at"]
        read_only_fields = ["member", "responded_at"]


class ReferralSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="request.reference", read_only=True)
    proposed_conditions = conditions_field()
    responses = ResponseSerializer(many=True, read_only=True)

    class Meta:
        model = HctReferral
        fields = [
            "id",
            "request",
            "reference",
            "procedure",
            "state",
            "deadline",
            "proposed_outcome",
            "proposed_conditions",
            "proposed_valid_from",
            "proposed_valid_until",
            "proposal",
            "direct_justification",
            "warnings_note",
            "meeting",
            "opened_at",
            "closed_at",
            "responses",
        ]


class ReferralCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    procedure = serializers.ChoiceField(choices=HctReferral.Procedure.choices)
    deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    proposed_outcome = serializers.ChoiceField(
        choices=[(o.value, o.label) for o in PROPOSABLE],
        required=False,
        allow_blank=True,
        default="",
    )
    proposed_conditions = serializers.ListField(
        child=serializers.CharField(max_length=TEXT_MAX_LENGTH), max_length=50, required=False, default=list
    )
    proposed_valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    proposed_valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    proposal = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    comment = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    direct_justification = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for direct assistance by the military in a complex emergency; the HCT reads it.",
    )
    meeting = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="At a meeting: the id of a scheduled HCT meeting of the operation whose agenda it goes on.",
    )
    warnings_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Required (true) when criteria are answered not met or unclear; else 400 "
        "assessment_warnings_unconfirmed.",
    )
    warnings_note = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required with warnings_confirmed: the officer's note on them (the HCT reads it).",
    )


class RespondSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=HctResponse.Position.choices)
    comment = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.SerializerMethodField()
    on_behalf_of = serializers.SerializerMethodField(
        help_text="The HC, when an officer recorded the decision."
    )
    conditions = conditions_field()
    present = serializers.StringRelatedField(many=True)
    guidelines = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    superseded = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "request",
            "outcome",
            "conditions",
            "valid_from",
            "valid_until",
            "rationale",
            "guidelines",
            "decided_by",
            "on_behalf_of",
            "procedure",
            "present",
            "referral",
            "meeting",
            "supersedes",
            "superseded",
            "direct_assistance_confirmed",
            "created_at",
        ]

    def get_decided_by(self, decision) -> str:
        return str(decision.decided_by) if decision.decided_by_id else "system (adopted by silence)"

    def get_on_behalf_of(self, decision) -> str | None:
        return str(decision.on_behalf_of) if decision.on_behalf_of_id else None

    def get_superseded(self, decision) -> bool:
        return hasattr(decision, "superseded_by")


class RequestIdSerializer(serializers.Serializer):
    request = serializers.IntegerField()


class DecisionCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    conditions = serializers.ListField(
        child=serializers.CharField(max_length=TEXT_MAX_LENGTH), max_length=50, required=False, default=list
    )
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    rationale = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    guidelines = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    on_behalf_of = serializers.IntegerField(required=False, allow_null=True, default=None)
    present = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    # What the HC saw: the request's state and the decision in force (null when there was none). Required, so
    # a double submission or a decision recorded meanwhile is refused (409 decision_changed), never recorded
    # twice.
    expected_status = serializers.CharField(help_text="The request's status the HC saw.")
    expected_decision = serializers.IntegerField(
        allow_null=True, help_text="The id of the decision in force the HC saw; null when there was none."
    )
    direct_assistance_confirmed = serializers.BooleanField(required=False, default=False)
