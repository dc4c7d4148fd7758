"""Serializers of humanitarian notification. The humanitarian ones show every field; the party's one shows
only the payload of what was last sent to the party, exactly as sent (deconfliction/payload.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ..models import (
    Acknowledgement,
    Concern,
    HumanitarianNotification,
    Kind,
    NotificationVersion,
    RouteLeg,
    Transmission,
)
from ..services import VERSION_FIELDS


class RouteLegSerializer(serializers.ModelSerializer):
    class Meta:
        model = RouteLeg
        fields = ["order", "from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"]


@extend_schema_serializer(component_name="NotificationVersion")
class VersionSerializer(serializers.ModelSerializer):
    legs = RouteLegSerializer(many=True, read_only=True)
    created_by = serializers.StringRelatedField()

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops allow_blank from read-only fields, and the schema would then refuse the "" a site sends
        # for a movement's type (and the reverse): a choice that may be blank says so.
        blank_choice = bool(kwargs.get("allow_blank") and kwargs.get("choices"))
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank_choice:
            kwargs["allow_blank"] = True
        return kwargs

    class Meta:
        model = NotificationVersion
        fields = ["number", *VERSION_FIELDS, "legs", "created_by", "created_at"]
        read_only_fields = fields


class AcknowledgementSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = Acknowledgement
        fields = ["by", "at"]


class PartyTransmissionSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.name")
    party_id = serializers.IntegerField()
    acknowledgements = AcknowledgementSerializer(many=True, read_only=True)

    class Meta:
        model = Transmission
        fields = ["party_id", "party", "status", "sent_at", "acknowledged_at", "acknowledgements"]
        read_only_fields = fields


class ConcernSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()
    party = serializers.CharField(source="transmission.party.name")

    class Meta:
        model = Concern
        fields = ["party", "by", "at", "text"]


class HumanitarianNotificationSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    organization_id = serializers.IntegerField()
    current_version = VersionSerializer(read_only=True)
    transmissions = PartyTransmissionSerializer(many=True, read_only=True)

    class Meta:
        model = HumanitarianNotification
        fields = [
            "id",
            "reference",
            "operation",
            "kind",
            "status",
            "organization_id",
            "organization",
            "version_count",
            "starts_at",
            "ends_at",
            "created_at",
            "updated_at",
            "current_version",
            "transmissions",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="HumanitarianNotificationDetail")
class HumanitarianNotificationDetailSerializer(HumanitarianNotificationSerializer):
    """A notification with the concerns the parties sent back, for the readers who may see them (CMCoord
    officers and the notifying organisation): for anyone else `concerns` is absent. (For the schema: the view
    adds the concerns itself.)"""

    concerns = ConcernSerializer(
        many=True, required=False, help_text="Absent for readers who may not see them."
    )

    class Meta(HumanitarianNotificationSerializer.Meta):
        fields = [*HumanitarianNotificationSerializer.Meta.fields, "concerns"]
        read_only_fields = HumanitarianNotificationSerializer.Meta.fields


class LegInputSerializer(serializers.Serializer):
    from_name = serializers.CharField(max_length=200)
    from_lat = serializers.DecimalField(max_digits=8, decimal_places=5, min_value=-90, max_value=90)
    from_lon = serializers.DecimalField(max_digits=9, decimal_places=5, min_value=-180, max_value=180)
    to_name = serializers.CharField(max_length=200)
    to_lat = serializers.DecimalField(max_digits=8, decimal_places=5, min_value=-90, max_value=90)
    to_lon = serializers.DecimalField(max_digits=9, decimal_places=5, min_value=-180, max_value=180)


@extend_schema_serializer(component_name="NotificationVersionInput")
class VersionInputSerializer(serializers.ModelSerializer):
    legs = LegInputSerializer(many=True, required=False)
    lat = serializers.DecimalField(
        max_digits=8, decimal_places=5, min_value=-90, max_value=90, required=False
    )
    lon = serializers.DecimalField(
        max_digits=9, decimal_places=5, min_value=-180, max_value=180, required=False
    )
    expected_status = serializers.CharField(required=False)

    class Meta:
        model = NotificationVersion
        fields = [*VERSION_FIELDS, "legs", "expected_status"]


@extend_schema_serializer(component_name="HumanitarianNotificationCreate")
class CreateSerializer(VersionInputSerializer):
    operation = serializers.IntegerField()
    organization = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)

    class Meta(VersionInputSerializer.Meta):
        fields = ["operation", "organization", "kind", *VersionInputSerializer.Meta.fields]


@extend_schema_serializer(component_name="NotificationTransmit")
class TransmitSerializer(serializers.Serializer):
    parties = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False, help_text=_("Primary keys of the parties.")
    )
    expected_status = serializers.CharField(required=False)


@extend_schema_serializer(component_name="NotificationWithdraw")
class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    expected_status = serializers.CharField(required=False)


class PayloadLegSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    from_name = serializers.CharField()
    from_lat = serializers.CharField(help_text="Decimal degrees, as text.")
    from_lon = serializers.CharField(help_text="Decimal degrees, as text.")
    to_name = serializers.CharField()
    to_lat = serializers.CharField(help_text="Decimal degrees, as text.")
    to_lon = serializers.CharField(help_text="Decimal degrees, as text.")


class _PayloadSerializer(serializers.Serializer):
    """What a party is sent (deconfliction/payload.py): the fields common to a site and a movement."""

    reference = serializers.CharField()
    kind = serializers.CharField(help_text="site or movement")
    organization = serializers.CharField()
    version = serializers.IntegerField()
    withdrawn = serializers.BooleanField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    markings = serializers.CharField(allow_blank=True)
    party_contact = serializers.CharField(allow_blank=True)


@extend_schema_serializer(component_name="SitePayload")
class SitePayloadSerializer(_PayloadSerializer):
    site_type = serializers.CharField(allow_blank=True, help_text="A type of site, or blank.")
    name = serializers.CharField(allow_blank=True)
    lat = serializers.CharField(allow_null=True, help_text="Decimal degrees, as text.")
    lon = serializers.CharField(allow_null=True, help_text="Decimal degrees, as text.")
    address = serializers.CharField(allow_blank=True)


@extend_schema_serializer(component_name="MovementPayload")
class MovementPayloadSerializer(_PayloadSerializer):
    movement_type = serializers.CharField(allow_blank=True, help_text="A type of movement, or blank.")
    purpose = serializers.CharField(allow_blank=True)
    vehicle_count = serializers.IntegerField(allow_null=True)
    vehicle_type = serializers.CharField(allow_blank=True)
    plates = serializers.CharField(allow_blank=True)
    call_sign = serializers.CharField(allow_blank=True)
    legs = PayloadLegSerializer(many=True)


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="NotificationPayload",
        serializers=[SitePayloadSerializer, MovementPayloadSerializer],
        resource_type_field_name=None,
    )
)
class PayloadField(serializers.JSONField):
    """A site's or a movement's payload, exactly as sent."""


@extend_schema_serializer(component_name="ReceivedNotification")
class ReceivedSerializer(serializers.ModelSerializer):
    """A party's view: the transmission's state and exactly what was last sent to the party."""

    payload = PayloadField(source="last_dispatch.payload", read_only=True)

    class Meta:
        model = Transmission
        fields = ["id", "status", "sent_at", "acknowledged_at", "payload"]
        read_only_fields = fields


@extend_schema_serializer(component_name="ReceivedNotificationAcknowledge")
class AcknowledgeSerializer(serializers.Serializer):
    expected_status = serializers.CharField(required=False)


class ConcernInputSerializer(serializers.Serializer):
    text = serializers.CharField()
