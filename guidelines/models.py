"""The guidelines library: guidelines, the criteria they set, and which are in force for an operation.

A criterion's wording is versioned: every edit writes a new CriterionVersion, and a request's assessment
points at the version it answered, so later edits never rewrite history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Operation


class Contexts(models.TextChoices):
    """Which operation contexts a guideline or criterion applies to."""

    NATURAL_DISASTER = "natural_disaster", _("Natural disasters")
    COMPLEX_EMERGENCY = "complex_emergency", _("Complex emergencies")
    BOTH = "both", _("Both")


def contexts_for_operation(operation: Operation) -> list[str]:
    """The Contexts values that apply to an operation's context (a mixed operation takes both)."""
    if operation.context == Operation.Context.NATURAL_DISASTER:
        return [Contexts.NATURAL_DISASTER, Contexts.BOTH]
    if operation.context == Operation.Context.COMPLEX_EMERGENCY:
        return [Contexts.COMPLEX_EMERGENCY, Contexts.BOTH]
    return [Contexts.NATURAL_DISASTER, Contexts.COMPLEX_EMERGENCY, Contexts.BOTH]


class Guideline(models.Model):
    class Scope(models.TextChoices):
        GLOBAL = "global", _("Global")
        REGIONAL = "regional", _("Regional")
        COUNTRY = "country", _("Country")

    title = models.CharField(max_length=300)
    short_name = models.CharField(max_length=60)
    issuer = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=10, choices=Scope.choices)
    region = models.CharField(max_length=100, blank=True)
    operation = models.ForeignKey(
        Operation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_guidelines",
        help_text=_("For a country guideline: the operation whose HCT wrote it."),
    )
    contexts = models.CharField(max_length=20, choices=Contexts.choices)
    summary = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    document = models.FileField(upload_to="guidelines/%Y/", blank=True)
    url = models.URLField(blank=True)
    version = models.CharField(max_length=30, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    is_public = models.BooleanField(
        default=False,
        help_text=_("Public guidelines may be read by military users; HCT-internal ones may not."),
    )
    # A stricter guideline's criteria win over a milder one's with the same code (MCDA over Oslo).
    precedence = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower wins when criteria share a code.")
    )
    # Guidelines on a special case (armed escorts) apply on demand: their criteria enter an operation's
    # assessments only when a CMCoord officer marks the guideline in force there, never by default.
    applies_by_default = models.BooleanField(
        default=True,
        help_text=_(
            "In force for every operation of a fitting context until its officers choose; off for "
            "guidelines on a special case (e.g. armed escorts), which apply only when marked in force."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["precedence", "-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["global", "regional", "country"]), name="guideline_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(contexts__in=["natural_disaster", "complex_emergency", "both"]),
                name="guideline_contexts_valid",
            ),
            models.CheckConstraint(
                condition=~Q(scope="country") | Q(operation__isnull=False),
                name="guideline_country_has_operation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shown_name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("guidelines:detail", args=[self.pk])

    @property
    def shown_name(self) -> str:
        """The short name in the reader's language where the platform ships it (the library's, whose data
        migrations mark it), else as written."""
        return gettext(self.short_name)

    def get_document_url(self) -> str:
        """The permission-checked download of the uploaded document ('' when there is none)."""
        return reverse("guidelines:document", args=[self.pk]) if self.document else ""

    @property
    def is_superseded(self) -> bool:
        return hasattr(self, "superseded_by")


class Criterion(models.Model):
    """A numbered provision of a guideline that a request's last-resort assessment answers."""

    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="criteria")
    code = models.SlugField(
        max_length=60,
        help_text=_("Stable key: criteria of different guidelines with one code are one question."),
    )
    number = models.CharField(max_length=10)
    order = models.PositiveSmallIntegerField(default=0)
    contexts = models.CharField(max_length=20, choices=Contexts.choices, default=Contexts.BOTH)
    current = models.ForeignKey(
        "CriterionVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["guideline", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["guideline", "code"], name="criterion_code_unique_per_guideline"),
            models.CheckConstraint(
                condition=Q(contexts__in=["natural_disaster", "complex_emergency", "both"]),
                name="criterion_contexts_valid",
            ),
        ]

    def __str__(self) -> str:
        title = gettext(self.current.title) if self.current_id else self.code
        return f"{self.guideline.shown_name} {self.number}: {title}"

    def get_absolute_url(self) -> str:
        """The criterion on its guideline's page (an assessment links here)."""
        return f"{self.guideline.get_absolute_url()}#criterion-{self.code}"


class CriterionVersion(models.Model):
    """One wording of a criterion. Never edited: an edit writes the next version."""

    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["criterion", "version"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "version"], name="criterion_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        """This wording on its guideline's page, earlier wordings included."""
        return (
            f"{self.criterion.guideline.get_absolute_url()}#criterion-{self.criterion.code}-v{self.version}"
        )


class OperationGuideline(models.Model):
    """A guideline marked in force for an operation by a CMCoord officer."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="guidelines_in_force")
    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="operations_in_force")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "guideline"], name="operation_guideline_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.guideline} in force for {self.operation}"
