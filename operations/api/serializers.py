from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cmcoord.api.serializers import OperationSerializer as CoreOperationSerializer
from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Membership, Operation, Organization, Role

from ..models import Invitation


class RunOperationSerializer(CoreOperationSerializer):
    class Meta(CoreOperationSerializer.Meta):
        fields = [*CoreOperationSerializer.Meta.fields, "time_zone"]
        read_only_fields = ["status"]
        extra_kwargs = {"code": {"validators": []}}  # the service says "code_taken"


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH, label=_("Reason"))
    cancel_open_requests = serializers.BooleanField(required=False, default=False)


class RunOrganizationSerializer(serializers.ModelSerializer):
    community = serializers.CharField(read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "type", "community", "country", "member_count"]
        extra_kwargs = {"name": {"validators": []}}


class AddOrganizationSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


class MemberUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()
    organization = serializers.CharField(source="organization.short_name", default="")
    is_active = serializers.BooleanField()
    last_login = serializers.DateTimeField(allow_null=True)  # never signed in yet


class RunMembershipSerializer(serializers.ModelSerializer):
    user = MemberUserSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "created_at"]
        read_only_fields = ["id", "user", "created_at"]


class InvitationSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "organization",
            "role",
            "status",
            "created_at",
            "sent_at",
            "expires_at",
            "is_expired",
        ]
        read_only_fields = ["id", "status", "created_at", "sent_at", "expires_at", "is_expired"]


__all__ = ["Operation"]
