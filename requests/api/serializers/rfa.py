"""Serializers of requests for MCDA (humanitarian users only)."""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from cmcoord.limits import MAX_LEGS, TEXT_MAX_LENGTH
from cmcoord.models import AuditEvent
from guidelines.models import CriterionVersion

from ...models import (
    AssessmentAnswer,
    AssistanceRequest,
    RequestAttachment,
    RequestComment,
    RequestLeg,
)
from ...services.rfa import REQUEST_FIELDS


def _coordinate(low, high):
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=5,
        min_value=low,
        max_value=high,
        error_messages={
            "min_value": format_lazy(_("Must be between {low} and {high}."), low=low, high=high),
            "max_value": format_lazy(_("Must be between {low} and {high}."), low=low, high=high),
        },
    )


class LegSerializer(serializers.ModelSerializer):
    from_lat = _coordinate(-90, 90)
    from_lon = _coordinate(-180, 180)
    to_lat = _coordinate(-90, 90)
    to_lon = _coordinate(-180, 180)

    class Meta:
        model = RequestLeg
        fields = ["order", "from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"]
        read_only_fields = ["order"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    download_url = serializers.SerializerMethodField(help_text=_("The file, for a token client."))

    class Meta:
        model = RequestAttachment
        fields = ["id", "name", "size", "uploaded_at", "url", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("api-request-attachment", kwargs={"pk": obj.request_id, "attachment_pk": obj.pk})


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, image, Word, Excel, CSV or text; at most 10 MB."))


@extend_schema_serializer(component_name="AssistanceRequestSummary")
class RequestListSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.short_name", read_only=True)
    legs = LegSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = AssistanceRequest
        fields = [
            "id",
            "reference",
            "status",
            "title",
            "organization",
            "capability",
            "priority",
            "required_by",
            "latest_acceptable",
            "legs",
            "created_at",
            "url",
        ]


def _flatten_legs(detail: dict) -> dict:
    """Errors of the nested legs as flat keys ("legs.0.from_lat"), so the API's error shape stays flat."""
    detail = dict(detail)
    errors = detail.pop("legs")
    items = errors.items() if isinstance(errors, dict) else enumerate(errors)
    general = []
    for index, error in items:
        if isinstance(error, dict):
            for field, messages in error.items():
                detail[f"legs.{index}.{field}"] = messages
        elif isinstance(error, list):
            general.extend(error)  # about the list itself: {"non_field_errors": ["no more than 20"]}
        elif error:
            general.append(error)
    if general:
        detail["legs"] = general
    return detail


@extend_schema_serializer(component_name="AssistanceRequest")
class RequestSerializer(serializers.ModelSerializer):
    """A request with its legs. Writable fields are those of the form; status changes only by the actions."""

    legs = LegSerializer(many=True, max_length=MAX_LEGS)
    organization = serializers.PrimaryKeyRelatedField(read_only=True)
    organization_id = serializers.IntegerField(
        write_only=True, required=False, help_text=_("Defaults to your organisation (requesters).")
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = AssistanceRequest
        fields = [
            "id",
            "reference",
            "status",
            "operation",
            "organization",
            "organization_id",
            *REQUEST_FIELDS,
            "legs",
            "attachments",
            "created_at",
            "updated_at",
            "submitted_at",
            "put_to_hct_at",
        ]
        read_only_fields = ["operation", "created_at", "updated_at", "submitted_at", "put_to_hct_at"]
        extra_kwargs = {"requesting_officer": {"required": False}}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if isinstance(exc.detail, dict) and "legs" in exc.detail:
                raise serializers.ValidationError(_flatten_legs(exc.detail)) from exc
            raise

    def validate_legs(self, legs):
        if not legs:
            raise serializers.ValidationError(_("Give at least one leg: where from and where to."))
        return legs

    def validate(self, attrs):
        required_by = attrs.get("required_by", getattr(self.instance, "required_by", None))
        latest = attrs.get("latest_acceptable", getattr(self.instance, "latest_acceptable", None))
        if required_by and latest and latest < required_by:
            raise serializers.ValidationError(
                {"latest_acceptable": _("The latest acceptable date cannot be before the required-by date.")}
            )
        return attrs


@extend_schema_serializer(component_name="AssistanceRequestCreate")
class RequestCreateSerializer(RequestSerializer):
    operation = serializers.IntegerField(write_only=True, help_text=_("The operation's id."))

    class Meta(RequestSerializer.Meta):
        read_only_fields = ["created_at", "updated_at", "submitted_at", "put_to_hct_at"]


@extend_schema_serializer(component_name="RequestAction")
class ActionSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    reason = serializers.ChoiceField(
        choices=AssistanceRequest.WithdrawalReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Withdraw only, and required there: why the request is withdrawn."),
    )
    expected_status = serializers.ChoiceField(
        choices=AssistanceRequest.Status.choices,
        required=False,
        help_text=_(
            "The status you saw; if it changed meanwhile the action is refused (409 concurrent_change)."
        ),
    )


@extend_schema_serializer(component_name="RequestEvent")
class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = ["created_at", "actor", "verb", "from_state", "to_state", "comment"]

    def get_actor(self, event) -> str:
        return str(event.actor) if event.actor_id else "system"


@extend_schema_serializer(component_name="RequestComment")
class CommentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = RequestComment
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["author", "created_at"]


class AnswerInputSerializer(serializers.Serializer):
    criterion_version = serializers.PrimaryKeyRelatedField(queryset=CriterionVersion.objects.all())
    answer = serializers.ChoiceField(choices=AssessmentAnswer.Answer.choices)
    justification = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
    )


class AssessmentRowSerializer(serializers.Serializer):
    criterion_code = serializers.CharField(source="code")
    criterion_version = serializers.IntegerField(source="version.pk")
    title = serializers.CharField(source="version.title")
    text = serializers.CharField(source="version.text")
    version = serializers.IntegerField(source="version.version")
    answer = serializers.CharField(source="answer.answer", allow_null=True, default=None)
    justification = serializers.CharField(source="answer.justification", allow_null=True, default=None)
