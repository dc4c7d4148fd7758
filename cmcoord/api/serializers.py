from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from cmcoord import notifications
from cmcoord.models import Membership, Notification, NotificationChannel, Operation, Organization, User


class OrganizationSerializer(serializers.ModelSerializer):
    community = serializers.CharField(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "type", "community", "country"]


class OperationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Operation
        fields = ["id", "name", "code", "country", "context", "status", "start_date", "end_date"]


class MembershipSerializer(serializers.ModelSerializer):
    operation = OperationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["operation", "role"]


class MeSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True, allow_null=True)
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "language",
            "is_operations_manager",
            "organization",
            "memberships",
        ]


@extend_schema_serializer(component_name="UserNotification")
class NotificationSerializer(serializers.ModelSerializer):
    operation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    operation_name = serializers.CharField(
        source="operation.name", read_only=True, default=None, allow_null=True
    )
    body = serializers.CharField(source="body_text", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "operation",
            "operation_name",
            "subject",
            "body",
            "link",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class PreferenceKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    channel = serializers.ChoiceField(choices=NotificationChannel.choices)


class NotificationPreferencesSerializer(serializers.Serializer):
    """How the signed-in user hears of each kind of event, and the language they read it in."""

    language = serializers.ChoiceField(
        choices=User.Language.choices,
        allow_blank=True,
        help_text=_("Empty until the user chooses: the pages follow the browser's language."),
    )
    kinds = PreferenceKindSerializer(many=True)


class NotificationPreferencesUpdateSerializer(serializers.Serializer):
    """What to change: the language, and the channel of some kinds (the others stay as they are)."""

    language = serializers.ChoiceField(choices=User.Language.choices, required=False)
    channels = serializers.DictField(
        child=serializers.ChoiceField(choices=NotificationChannel.choices),
        required=False,
        help_text=_('{kind: channel}, e.g. {"request.submitted": "daily_digest"}.'),
    )

    def validate_channels(self, value):
        known = {kind.key for kind in notifications.kinds()}
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown kind of event: %(kinds)s.") % {"kinds": ", ".join(unknown)}
            )
        return value
