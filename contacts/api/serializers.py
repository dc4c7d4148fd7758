"""Two serializers per contact: the humanitarian one with every field, the military one with the work fields
only. The military one does not declare the personal fields at all, so they cannot leak through it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from cmcoord.api.serializers import OrganizationSerializer  # noqa: F401 - the API's one shape of it
from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Organization

from .. import imports
from ..models import (
    Contact,
    ContactAccessLog,
    ContactEmail,
    ContactPhone,
    CoordinationPlatform,
    Function,
    ImportBatch,
)
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


# Writes. Ids are plain integers resolved in the operation by the view, so an id from elsewhere is a 400 on
# its field (never a hint that it exists); the rules (duplicates, organisation of the operation) stay in the
# services.


class PhoneWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactPhone.Kind.choices)
    number = serializers.CharField(max_length=40)

    def validate_number(self, value):
        numbers, errors = imports.parse_phones(value)
        if errors or len(numbers) != 1:
            raise serializers.ValidationError(errors or [_("One phone number per entry.")])
        return numbers[0]


class ContactWriteSerializer(serializers.Serializer):
    """A contact as an officer writes it (POST: every required field; PATCH: only those to change)."""

    operation = serializers.IntegerField(
        write_only=True, help_text=_("The operation (on creation only; ignored on a change).")
    )
    name = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organization = serializers.IntegerField(help_text=_("An organisation of the operation."))
    emails = serializers.ListField(
        child=serializers.EmailField(), required=False, default=list, max_length=20
    )
    phones = PhoneWriteSerializer(many=True, required=False, default=list)
    radio_call_sign = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    languages = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, default=list, max_length=20
    )
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=Function.choices), required=False, default=list
    )
    sharing = serializers.ChoiceField(
        choices=Contact.Sharing.choices, required=False, default=Contact.Sharing.HUMANITARIAN
    )
    last_verified = serializers.DateField(required=False, allow_null=True, default=None)
    user = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("A member of the operation.")
    )
    notes = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")

    def validate_languages(self, value):
        joined = ", ".join(v.strip() for v in value if v.strip())
        if len(joined) > 200:
            raise serializers.ValidationError(_("The languages take more than 200 characters."))
        return joined


class PlatformWriteSerializer(serializers.Serializer):
    operation = serializers.IntegerField(
        write_only=True, help_text=_("The operation (on creation only; ignored on a change).")
    )
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=CoordinationPlatform.Kind.choices)
    meeting_schedule = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    chair = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("A contact of the operation.")
    )
    members = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=500
    )


class ImportUploadSerializer(serializers.Serializer):
    operation = serializers.IntegerField()
    file = serializers.FileField(help_text=_("A UTF-8 CSV with a header row (the directory's import page)."))


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("As a spreadsheet numbers it: the header is row 1."))
    column = serializers.CharField()
    message = serializers.CharField()


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    values = serializers.DictField(child=serializers.CharField(allow_blank=True))


class ImportBatchSerializer(serializers.ModelSerializer):
    errors = ImportErrorSerializer(many=True, read_only=True)
    rows = ImportRowSerializer(many=True, read_only=True)
    contact_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "operation",
            "filename",
            "status",
            "created_at",
            "committed_at",
            "rows",
            "errors",
            "contact_ids",
        ]
        read_only_fields = fields


class AccessLogUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    organization = serializers.CharField(source="organization.short_name", default="")


class AccessLogSerializer(serializers.ModelSerializer):
    user = AccessLogUserSerializer(read_only=True)
    contact_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = ContactAccessLog
        fields = ["id", "created_at", "user", "how", "detail", "contact_count", "contact_ids"]
        read_only_fields = fields
