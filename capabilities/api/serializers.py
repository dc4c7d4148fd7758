from rest_framework import serializers

from ..models import Asset, AssetConstraint
from ..services import EDITABLE_FIELDS


class AssetSerializer(serializers.ModelSerializer):
    force = serializers.PrimaryKeyRelatedField(read_only=True)
    force_name = serializers.CharField(source="force.short_name", read_only=True)
    constraints = serializers.ListField(
        child=serializers.ChoiceField(choices=AssetConstraint.choices), required=False
    )

    class Meta:
        model = Asset
        fields = [
            "id",
            "operation",
            "force",
            "force_name",
            *EDITABLE_FIELDS,
            "status",
            "on_behalf",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "operation", "status", "on_behalf", "created_at", "updated_at"]


class AssetWriteSerializer(AssetSerializer):
    """What a client sends: the operation on create, the force when an officer records on its behalf."""

    operation = serializers.IntegerField(write_only=True, required=False)
    force = serializers.IntegerField(write_only=True, required=False)

    class Meta(AssetSerializer.Meta):
        read_only_fields = ["id", "status", "on_behalf", "created_at", "updated_at"]


class CapabilitySummarySerializer(serializers.Serializer):
    capability = serializers.CharField()
    label = serializers.CharField()
    entries = serializers.IntegerField()
    units = serializers.IntegerField()
    available = serializers.IntegerField()
