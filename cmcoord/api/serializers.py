from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from cmcoord.models import Membership, Notification, Operation, Organization, User


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
