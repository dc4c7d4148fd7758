"""Two serializers per contact: the humanitarian one with every field, the military one with the work fields
only. The military one does not declare the personal fields at all, so they cannot leak through it."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from cmcoord.api.serializers import OrganizationSerializer  # noqa: F401 - the API's one shape of it
from cmcoord.models import Organization

from ..models import Contact, ContactEmail, ContactPhone, CoordinationPlatform
from ..permissions import PERSONAL_FIELDS, WORK_FIELDS


class PhoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPhone
        fields = ["kind", "number"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "type"]


class EmailListField(serializers.ListField):
    child = serializers.EmailField()

    def to_representation(self, data):
        return [e.email if isinstance(e, ContactEmail) else e for e in data.all()]


@extend_schema_serializer(component_name="ContactForMilitary")
class MilitaryContactSerializer(serializers.ModelSerializer):
    """The work fields of a contact shared with everyone."""

    organization = OrganizationRefSerializer(read_only=True)
    emails = EmailListField(read_only=True)
    phones = PhoneSerializer(many=True, read_only=True)
    functions = serializers.ListField(source="function_codes", child=serializers.CharField(), read_only=True)
    languages = serializers.ListField(source="language_list", child=serializers.CharField(), read_only=True)
    is_stale = serializers.BooleanField(read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "operation", *WORK_FIELDS, "is_stale"]
        read_only_fields = fields


@extend_schema_serializer(component_name="Contact")
class ContactSerializer(MilitaryContactSerializer):
    """Every field, for humanitarian members."""

    class Meta(MilitaryContactSerializer.Meta):
        fields = MilitaryContactSerializer.Meta.fields + list(PERSONAL_FIELDS)
        read_only_fields = fields


class ContactRefSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.short_name", read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "name", "title", "organization"]


class PlatformSerializer(serializers.ModelSerializer):
    chair = serializers.SerializerMethodField()
    members = ContactRefSerializer(source="visible_members", many=True, read_only=True)

    class Meta:
        model = CoordinationPlatform
        fields = ["id", "operation", "kind", "name", "meeting_schedule", "location", "chair", "members"]

    @extend_schema_field(ContactRefSerializer(allow_null=True))
    def get_chair(self, platform) -> dict | None:
        """The chair, only when the reader may see that contact."""
        visible = {m.pk for m in platform.visible_members}
        if platform.chair_id not in visible:
            return None
        return ContactRefSerializer(platform.chair).data
