"""The shape of the dashboard's JSON for the OpenAPI schema (the figures: selectors.dashboard_json)."""

from drf_spectacular.utils import extend_schema_serializer, inline_serializer
from rest_framework import serializers


@extend_schema_serializer(component_name="DashboardCount")
class CountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


@extend_schema_serializer(component_name="DashboardShare")
class ShareSerializer(CountSerializer):
    percent = serializers.FloatField(help_text="Share of the decisions, in percent.")


@extend_schema_serializer(component_name="DashboardDuration")
class DurationSerializer(serializers.Serializer):
    month = serializers.CharField(allow_null=True, help_text="YYYY-MM of submission; null: the whole period.")
    count = serializers.IntegerField()
    median = serializers.FloatField(allow_null=True)
    p90 = serializers.FloatField(allow_null=True, help_text="90th percentile (linear interpolation).")


@extend_schema_serializer(component_name="DashboardExpiring")
class ExpiringSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    outcome = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)


@extend_schema_serializer(component_name="DashboardForce")
class ForceSerializer(serializers.Serializer):
    force = serializers.IntegerField()
    name = serializers.CharField()
    tasks = serializers.IntegerField()
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    waiting = serializers.IntegerField()
    acceptance_rate = serializers.FloatField(allow_null=True, help_text="Accepted / answered, in %.")
    median_hours_to_accept = serializers.FloatField(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    operation = serializers.IntegerField()
    period = inline_serializer(
        "DashboardPeriod",
        {
            "from": serializers.DateField(allow_null=True, help_text="Null: since the start."),
            "to": serializers.DateField(allow_null=True, help_text="Null: until today."),
        },
    )
    requests = serializers.IntegerField(help_text="Requests submitted in the period.")
    by_status = CountSerializer(many=True)
    by_capability = CountSerializer(many=True)
    hours_to_decision = DurationSerializer(many=True)
    days_to_completion = DurationSerializer(many=True)
    decisions = serializers.IntegerField()
    by_procedure = ShareSerializer(many=True)
    expiring_approvals = ExpiringSerializer(many=True)
    forces = ForceSerializer(many=True)
    withdrawn = serializers.IntegerField()
    withdrawn_civilian_means = serializers.IntegerField(
        help_text="Of the requests withdrawn, those withdrawn because a civilian means was found."
    )
    withdrawn_no_reason = serializers.IntegerField(
        help_text="Of the requests withdrawn, those withdrawn before the platform asked for a reason."
    )
