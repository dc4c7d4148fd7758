"""Serializers of HCT meetings (the HCT and its secretariat only)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import Meeting


class AgendaItemSerializer(serializers.Serializer):
    referral = serializers.IntegerField(source="pk")
    request = serializers.IntegerField(source="request_id")
    reference = serializers.CharField(source="request.reference")
    title = serializers.CharField(source="request.title")
    warnings_note = serializers.CharField()
    decision = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_decision(self, referral) -> int | None:
        """The decision recorded on this request at the meeting (null until then)."""
        decided = self.context.get("decided", {})
        return decided.get(referral.request_id)


class MeetingSerializer(serializers.ModelSerializer):
    attendees = serializers.StringRelatedField(many=True)
    agenda = serializers.SerializerMethodField()
    minutes_file = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "operation",
            "starts_at",
            "place",
            "call_link",
            "status",
            "cancel_reason",
            "attendees",
            "attendance_recorded_at",
            "minutes",
            "minutes_file",
            "agenda",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting):
        decided = {d.request_id: d.pk for d in meeting.decisions.all()}
        return AgendaItemSerializer(meeting.agenda.all(), many=True, context={"decided": decided}).data

    @extend_schema_field(serializers.BooleanField())
    def get_minutes_file(self, meeting) -> bool:
        """Whether a minutes file is kept (downloaded from the meeting's page)."""
        return bool(meeting.minutes_file)
