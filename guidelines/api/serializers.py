from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cmcoord.limits import TEXT_MAX_LENGTH

from ..models import Contexts, Criterion, CriterionVersion, Guideline


class GuidelineRefSerializer(serializers.ModelSerializer):
    """Another version of a guideline, by reference."""

    class Meta:
        model = Guideline
        fields = ["id", "short_name", "version", "year"]


class GuidelineSerializer(serializers.ModelSerializer):
    """A guideline as listed; superseded versions say so and name the version that replaced them."""

    is_superseded = serializers.BooleanField(read_only=True)
    superseded_by = serializers.SerializerMethodField()
    supersedes = serializers.IntegerField(source="supersedes_id", read_only=True, allow_null=True)
    operation = serializers.IntegerField(
        source="operation_id", read_only=True, allow_null=True, help_text="Country guidelines only."
    )
    document_url = serializers.SerializerMethodField()
    title_html = serializers.SerializerMethodField(
        help_text=_("With a search: the title, matches in <mark>.")
    )
    snippet_html = serializers.SerializerMethodField(
        help_text=_("With a search: HTML-safe, matches in <mark>.")
    )
    rank = serializers.SerializerMethodField()

    class Meta:
        model = Guideline
        fields = [
            "id",
            "title",
            "short_name",
            "issuer",
            "year",
            "version",
            "scope",
            "region",
            "operation",
            "contexts",
            "summary",
            "url",
            "document_url",
            "is_public",
            "applies_by_default",
            "is_superseded",
            "superseded_by",
            "supersedes",
            "title_html",
            "snippet_html",
            "rank",
        ]

    def get_superseded_by(self, obj) -> int | None:
        return obj.superseded_by.pk if obj.is_superseded else None

    def get_document_url(self, obj) -> str:
        url = obj.get_document_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else url

    def get_title_html(self, obj) -> str | None:
        hit = self.context.get("snippets", {}).get(obj.pk)
        return str(hit.title_html) if hit is not None else None

    def get_snippet_html(self, obj) -> str | None:
        hit = self.context.get("snippets", {}).get(obj.pk)
        return str(hit.snippet_html) if hit is not None else None

    def get_rank(self, obj) -> float | None:
        rank = getattr(obj, "rank", None)
        return round(float(rank), 6) if rank is not None else None


class CriterionVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionVersion
        fields = ["id", "version", "title", "text", "created_at"]


class CriterionSerializer(serializers.ModelSerializer):
    current = CriterionVersionSerializer(read_only=True, allow_null=True)
    earlier = serializers.SerializerMethodField()

    class Meta:
        model = Criterion
        fields = ["id", "code", "number", "contexts", "current", "earlier"]

    @extend_schema_field(CriterionVersionSerializer(many=True))
    def get_earlier(self, obj) -> list[dict]:
        versions = [v for v in obj.versions.all() if v.pk != obj.current_id]
        return CriterionVersionSerializer(versions, many=True).data


class GuidelineDetailSerializer(GuidelineSerializer):
    criteria = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta(GuidelineSerializer.Meta):
        fields = [*GuidelineSerializer.Meta.fields, "criteria", "versions"]

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, obj) -> list[dict]:
        return CriterionSerializer(self.context["criteria"], many=True).data

    @extend_schema_field(GuidelineRefSerializer(many=True))
    def get_versions(self, obj) -> list[dict]:
        """Every version the user may read, oldest first."""
        return GuidelineRefSerializer(self.context["versions"], many=True).data


# Writes (JSON bodies; the rules are in the pages' forms and the services).


class CountryGuidelineCreateSerializer(serializers.Serializer):
    """A country-specific guideline written by the operation's HCT (a link to its document)."""

    operation = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    short_name = serializers.CharField(max_length=60)
    issuer = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    contexts = serializers.ChoiceField(choices=Contexts.choices)
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    version = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    url = serializers.URLField(max_length=200, help_text=_("Where the document is."))
    is_public = serializers.BooleanField(
        required=False, default=False, help_text=_("Military liaison officers of the operation may read it.")
    )
    in_force = serializers.BooleanField(required=False, default=True)


class PublishVersionSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=30)
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    url = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")


class OperationRefSerializer(serializers.Serializer):
    operation = serializers.IntegerField()


class InForceSerializer(serializers.Serializer):
    operation = serializers.IntegerField()
    guidelines = GuidelineRefSerializer(
        many=True, help_text=_("The guidelines in force, the strictest first.")
    )


class CriterionDetailSerializer(CriterionSerializer):
    guideline = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(CriterionSerializer.Meta):
        fields = ["id", "guideline", "code", "number", "contexts", "current", "earlier"]


class CriterionCreateSerializer(serializers.Serializer):
    guideline = serializers.IntegerField(help_text=_("The current version of a guideline."))
    code = serializers.SlugField(max_length=60)
    number = serializers.CharField(max_length=10)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    contexts = serializers.ChoiceField(choices=Contexts.choices, required=False, default=Contexts.BOTH)


class CriterionRewordSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
