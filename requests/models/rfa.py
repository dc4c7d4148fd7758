"""Requests for MCDA (RFAs): the request, its legs, its last-resort assessment, comments and attachments.

The status of a request changes only through requests/services/, which checks every move against the one
table of requests/lifecycle.py.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord import uploads
from cmcoord.choices import choice_label
from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Operation, Organization

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "csv", "txt")


def validate_attachment(file) -> None:
    """At most 10 MB; an allowed extension; and content that is that type of file (cmcoord.uploads)."""
    if uploads.too_large(file, MAX_ATTACHMENT_BYTES):
        raise ValidationError(
            _("The file is %(size).1f MB; attachments may be at most 10 MB."),
            code="file_too_large",
            params={"size": file.size / (1024 * 1024)},
        )
    extension = uploads.extension_of(file.name)
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s."),
            code="file_type_not_allowed",
            params={"ext": extension or "?", "allowed": ", ".join(ATTACHMENT_TYPES)},
        )
    if not uploads.content_matches(file, extension):
        if uploads.SIGNATURES[extension] is None:
            raise ValidationError(
                _("The file is named .%(ext)s but is not a text file."),
                code="file_content_mismatch",
                params={"ext": extension},
            )
        raise ValidationError(
            _("The file is named .%(ext)s but its content is not a %(upper)s file."),
            code="file_content_mismatch",
            params={"ext": extension, "upper": extension.upper()},
        )


class ReferenceCounter(models.Model):
    """The last reference number given in one operation and year; locked while a request is created."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "year"], name="reference_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.operation.code}-{self.year}: {self.last}"


# The choices live at module level so the constraints of Meta can list their values; the model exposes them
# as AssistanceRequest.Status, .Capability, .AssistanceType, .Priority and .Cluster.
class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for information")
    WITH_HCT = "with_hct", _("With the HCT")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    TASKED = "tasked", _("Tasked")
    ACCEPTED = "accepted", _("Accepted by the military")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined by the military")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class Capability(models.TextChoices):
    AIR_TRANSPORT = "air_transport", _("Air transport")
    SEA_TRANSPORT = "sea_transport", _("Sea transport")
    LAND_TRANSPORT = "land_transport", _("Land transport")
    ENGINEERING = "engineering", _("Engineering")
    MEDICAL = "medical", _("Medical")
    LOGISTICS_STORAGE = "logistics_storage", _("Logistics / storage")
    COMMUNICATIONS = "communications", _("Communications")
    SEARCH_AND_RESCUE = "search_and_rescue", _("Search and rescue")
    SECURITY_ESCORT = "security_escort", _("Security / escort")
    OTHER = "other", _("Other")


class WithdrawalReason(models.TextChoices):
    """Why the requesting organisation withdrew its request: the dashboard counts the requests withdrawn
    because a civilian means was found (MCDA are the last resort)."""

    CIVILIAN_MEANS = "civilian_means", _("A civilian means was found")
    NOT_NEEDED = "not_needed", _("No longer needed")
    OTHER = "other", _("Another reason")


class AssistanceType(models.TextChoices):
    DIRECT = "direct", _("Direct (face to face with affected people)")
    INDIRECT = "indirect", _("Indirect (e.g. transporting goods or staff)")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure support")


class Priority(models.TextChoices):
    LIFE_SAVING = "life_saving", _("Life-saving")
    LIFE_SUSTAINING = "life_sustaining", _("Life-sustaining")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class Cluster(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics")
    FOOD_SECURITY = "food_security", _("Food Security")
    HEALTH = "health", _("Health")
    SHELTER = "shelter", _("Shelter")
    WASH = "wash", _("Water, Sanitation and Hygiene")
    NUTRITION = "nutrition", _("Nutrition")
    PROTECTION = "protection", _("Protection")
    EDUCATION = "education", _("Education")
    CCCM = "cccm", _("Camp Coordination and Camp Management")
    EMERGENCY_TELECOMS = "emergency_telecoms", _("Emergency Telecommunications")
    EARLY_RECOVERY = "early_recovery", _("Early Recovery")


class AssistanceRequest(models.Model):
    """A request for assistance (RFA) by military or civil defence assets."""

    Status = RequestStatus
    Capability = Capability
    AssistanceType = AssistanceType
    Priority = Priority
    Cluster = Cluster
    WithdrawalReason = WithdrawalReason

    # The order that sorts by urgency (life-saving first).
    PRIORITY_RANK = {"life_saving": 0, "life_sustaining": 1, "high": 2, "normal": 3}

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="requests")
    reference = models.CharField(max_length=24, unique=True, editable=False)
    number = models.PositiveIntegerField(editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("requesting organisation"),
    )
    requesting_officer = models.CharField(
        max_length=200, help_text=_("The focal point of the requesting organisation for this request.")
    )
    endorsing_cluster = models.CharField(max_length=30, choices=Cluster.choices, blank=True)

    title = models.CharField(max_length=200, help_text=_("A short name, e.g. “Airlift of food to Buzi”."))
    capability = models.CharField(max_length=30, choices=Capability.choices)
    assistance_type = models.CharField(max_length=20, choices=AssistanceType.choices)
    description = models.TextField(max_length=TEXT_MAX_LENGTH, verbose_name=_("task description"))

    required_by = models.DateField(verbose_name=_("required by"))
    latest_acceptable = models.DateField(verbose_name=_("latest acceptable date"))
    duration_days = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("expected duration (days)"), validators=[MinValueValidator(1)]
    )

    passengers = models.PositiveIntegerField(default=0)
    cargo_description = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    cargo_weight_kg = models.DecimalField(
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        verbose_name=_("cargo weight (kg)"),
        validators=[MinValueValidator(0)],
    )
    cargo_volume_m3 = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=_("cargo volume (m³)"),
        validators=[MinValueValidator(0)],
    )
    dangerous_goods = models.BooleanField(default=False)

    priority = models.CharField(max_length=20, choices=Priority.choices, default=Priority.NORMAL)
    exit_plan = models.TextField(
        max_length=TEXT_MAX_LENGTH, blank=True, verbose_name=_("hand-over / exit plan")
    )
    site_contact = models.CharField(max_length=200, blank=True, verbose_name=_("site point of contact"))
    site_contact_phone = models.CharField(max_length=50, blank=True, verbose_name=_("site contact phone"))

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_requests"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once by the put_to_hct service: HCT members and the HC keep seeing a request that reached them.
    put_to_hct_at = models.DateTimeField(null=True, blank=True, editable=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    # Set by the withdraw service only (empty for every other request, and for withdrawals made before it).
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"),
        max_length=16,
        choices=WithdrawalReason.choices,
        blank=True,
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "request for assistance"
        verbose_name_plural = "requests for assistance"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="request_status_valid"),
            models.CheckConstraint(
                condition=Q(capability__in=Capability.values), name="request_capability_valid"
            ),
            models.CheckConstraint(
                condition=Q(assistance_type__in=AssistanceType.values),
                name="request_assistance_type_valid",
            ),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="request_priority_valid"),
            models.CheckConstraint(
                condition=Q(withdrawal_reason__in=["", *WithdrawalReason.values]),
                name="request_withdrawal_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(endorsing_cluster__in=["", *Cluster.values]),
                name="request_cluster_valid",
            ),
            models.CheckConstraint(
                condition=Q(latest_acceptable__gte=F("required_by")),
                name="request_latest_not_before_required",
            ),
            models.CheckConstraint(
                condition=Q(cargo_weight_kg__isnull=True) | Q(cargo_weight_kg__gte=0),
                name="request_cargo_weight_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cargo_volume_m3__isnull=True) | Q(cargo_volume_m3__gte=0),
                name="request_cargo_volume_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(duration_days__isnull=True) | Q(duration_days__gte=1),
                name="request_duration_positive",
            ),
            models.UniqueConstraint(fields=["operation", "number"], name="request_number_unique"),
        ]
        # The search reads a narrow copy of the list's columns with the search vector and the places, kept
        # by triggers on PostgreSQL: requests.models.search.RequestSearch (migration 0014).
        indexes = [
            # The request list, newest first (selectors.requests_for_user; officers, observers, HCT):
            # WHERE operation_id = %s [AND put_to_hct_at IS NOT NULL] ORDER BY created_at DESC, id DESC.
            models.Index(fields=["operation", "-created_at", "-id"], name="request_operation_created"),
            # The status filter of the list (?status=…) and the home panels (selectors.requests_waiting):
            # WHERE operation_id = %s AND status IN (…) ORDER BY created_at DESC, id DESC.
            models.Index(
                fields=["operation", "status", "-created_at", "-id"], name="request_op_status_created"
            ),
            # A requester's list: WHERE operation_id = %s AND organization_id = %s ORDER BY created_at DESC.
            models.Index(
                fields=["operation", "organization", "-created_at", "-id"],
                name="request_op_org_created",
            ),
            # The sorts "Required soonest / latest": WHERE operation_id = %s ORDER BY required_by, id.
            models.Index(fields=["operation", "required_by", "id"], name="request_op_required"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("requests:detail", args=[self.pk])

    # The labels of the choices shown on every row of the lists (cmcoord.choices: a dict per language).
    def get_status_display(self) -> str:
        return choice_label(RequestStatus, self.status)

    def get_priority_display(self) -> str:
        return choice_label(Priority, self.priority)

    def get_capability_display(self) -> str:
        return choice_label(Capability, self.capability)

    def clean(self) -> None:
        if self.required_by and self.latest_acceptable and self.latest_acceptable < self.required_by:
            raise ValidationError(
                {"latest_acceptable": _("The latest acceptable date cannot be before the required-by date.")},
                code="latest_before_required",
            )

    @property
    def status_tone(self) -> str:
        """A CSS tone for the status badge: ok, warn, bad or none."""
        return {
            "approved": "ok",
            "completed": "ok",
            "accepted": "ok",
            "in_progress": "ok",
            "tasked": "ok",
            "returned": "warn",
            "with_hct": "warn",
            "declined": "warn",
            "rejected": "bad",
            "cancelled": "bad",
            "withdrawn": "bad",
            "expired": "bad",
        }.get(self.status, "")


LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class RequestLeg(models.Model):
    """One move of a request: from a place to a place, with coordinates (WGS84 decimal degrees)."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="legs")
    order = models.PositiveSmallIntegerField(default=1)
    from_name = models.CharField(max_length=200, verbose_name=_("from"))
    from_lat = models.DecimalField(
        max_digits=8, decimal_places=5, validators=LATITUDE, verbose_name=_("from latitude")
    )
    from_lon = models.DecimalField(
        max_digits=9, decimal_places=5, validators=LONGITUDE, verbose_name=_("from longitude")
    )
    to_name = models.CharField(max_length=200, verbose_name=_("to"))
    to_lat = models.DecimalField(
        max_digits=8, decimal_places=5, validators=LATITUDE, verbose_name=_("to latitude")
    )
    to_lon = models.DecimalField(
        max_digits=9, decimal_places=5, validators=LONGITUDE, verbose_name=_("to longitude")
    )

    class Meta:
        ordering = ["request", "order"]
        indexes = [
            # Whether a request the person may find names a place that looks like a misspelt one
            # (requests.search.names_like): WHERE from_name = %s / WHERE to_name = %s
            models.Index(fields=["from_name"], name="request_leg_from_name"),
            models.Index(fields=["to_name"], name="request_leg_to_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["request", "order"], name="request_leg_order_unique"),
            models.CheckConstraint(
                condition=Q(from_lat__gte=-90, from_lat__lte=90, to_lat__gte=-90, to_lat__lte=90),
                name="request_leg_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(from_lon__gte=-180, from_lon__lte=180, to_lon__gte=-180, to_lon__lte=180),
                name="request_leg_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name}"


class AssessmentAnswer(models.Model):
    """The answer to one last-resort criterion, pinned to the wording (criterion version) it answered."""

    class Answer(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        UNCLEAR = "unclear", _("Unclear")

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="answers")
    criterion_version = models.ForeignKey(
        "guidelines.CriterionVersion", on_delete=models.PROTECT, related_name="answers"
    )
    criterion_code = models.SlugField(max_length=60)
    answer = models.CharField(max_length=10, choices=Answer.choices)
    justification = models.TextField(max_length=TEXT_MAX_LENGTH)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "criterion_code"], name="assessment_one_answer_per_code"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["met", "not_met", "unclear"]), name="assessment_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.criterion_code}: {self.answer}"


class RequestComment(models.Model):
    """An internal comment on a request: humanitarian users only, never the military."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.request.reference}"


def attachment_path(instance, filename: str) -> str:
    return f"requests/{instance.request.operation.code}/{instance.request.pk}/{Path(filename).name}"


class RequestAttachment(models.Model):
    """A file attached to a request, stored through Django's storage API; read only through a checked view."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, validators=[validate_attachment], max_length=255)
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(size__lte=MAX_ATTACHMENT_BYTES), name="attachment_max_size"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("requests:attachment", args=[self.request_id, self.pk])
