"""The capabilities of the forces: the assets each force declares it can offer in an operation, and the
commitment of an asset to a task. An asset's status changes only through capabilities/services.py, checked
against the one table of capabilities/lifecycle.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cmcoord.models import Operation, Organization
from requests.models import Capability

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class AssetStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    COMMITTED = "committed", pgettext_lazy("an asset held for a task", "Committed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AssetConstraint(models.TextChoices):
    """What limits the use of an asset; some conflict with an approval's conditions (see matching.py)."""

    NO_DIRECT_ASSISTANCE = "no_direct_assistance", _("No direct assistance")
    DAYLIGHT_ONLY = "daylight_only", _("Daylight only")
    ARMED_CREW = "armed_crew", _("Armed crew")
    MILITARY_MARKINGS = "military_markings", _("Military markings (cannot be removed)")
    MILITARY_LEAD = "military_lead", _("Under military lead at the site")
    NO_DANGEROUS_GOODS = "no_dangerous_goods", _("No dangerous goods")


class Asset(models.Model):
    """What one force declares it can offer in an operation: an asset by capability, how much, where, when."""

    Status = AssetStatus
    Constraint = AssetConstraint

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="assets")
    force = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="assets")
    capability = models.CharField(_("capability"), max_length=30, choices=Capability.choices)
    description = models.CharField(
        _("description"), max_length=200, help_text=_("For example “2 × CH-47 helicopters”.")
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    # Capacity of one unit, where it applies.
    passengers = models.PositiveIntegerField(_("passengers per unit"), null=True, blank=True)
    payload_kg = models.PositiveIntegerField(_("payload per unit (kg)"), null=True, blank=True)
    volume_m3 = models.DecimalField(
        _("volume per unit (m³)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    range_km = models.PositiveIntegerField(_("range (km)"), null=True, blank=True)
    base_name = models.CharField(_("base"), max_length=200)
    base_lat = models.DecimalField(
        _("base latitude"), max_digits=8, decimal_places=5, null=True, blank=True, validators=LATITUDE
    )
    base_lon = models.DecimalField(
        _("base longitude"), max_digits=9, decimal_places=5, null=True, blank=True, validators=LONGITUDE
    )
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(
        _("available until"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    notice_hours = models.PositiveSmallIntegerField(
        _("notice to move (hours)"), default=24, validators=[MaxValueValidator(24 * 60)]
    )
    constraints = models.JSONField(_("constraints"), default=list, blank=True)
    other_constraints = models.CharField(_("other constraints"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AVAILABLE, editable=False
    )
    # An officer may record an asset on a force's behalf (from an MNCC briefing): marked, with the source.
    on_behalf = models.BooleanField(_("recorded on the force's behalf"), default=False, editable=False)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where it was learnt, e.g. “MNCC briefing”.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["capability", "force__name", "pk"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AssetStatus.values), name="asset_status_valid"),
            models.CheckConstraint(
                condition=Q(capability__in=Capability.values), name="asset_capability_valid"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="asset_quantity_positive"),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True) | Q(available_until__gte=F("available_from")),
                name="asset_window_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(base_lat__isnull=True) & Q(base_lon__isnull=True))
                | (Q(base_lat__gte=-90, base_lat__lte=90, base_lon__gte=-180, base_lon__lte=180)),
                name="asset_base_coordinates",
            ),
        ]
        indexes = [
            # The registry: WHERE operation_id = %s [AND force_id = %s] AND status <> 'withdrawn'.
            models.Index(fields=["operation", "force", "status"], name="asset_operation_force"),
            # Matching and gaps: WHERE operation_id = %s AND capability = %s.
            models.Index(fields=["operation", "capability"], name="asset_operation_capability"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.force.short_name})"

    def get_absolute_url(self) -> str:
        return reverse("capabilities:detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if (self.base_lat is None) != (self.base_lon is None):
            errors["base_lat"] = _("Give both the latitude and the longitude of the base, or neither.")
        if self.available_from and self.available_until and self.available_until < self.available_from:
            errors["available_until"] = _("The asset cannot be available until a day before it is available.")
        if errors:
            raise ValidationError(errors)

    @property
    def constraint_labels(self) -> list[str]:
        labels = dict(AssetConstraint.choices)
        return [str(labels.get(code, code)) for code in self.constraints]

    @property
    def status_tone(self) -> str:
        return {"available": "ok", "committed": "warn", "withdrawn": "bad"}.get(self.status, "")


class Assignment(models.Model):
    """An asset named for a task: proposed when the officer tasks the force with it, committed for the task's
    window when the force accepts, released when the task is completed, declined or cancelled."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        COMMITTED = "committed", pgettext_lazy("an asset held for a task", "Committed")
        RELEASED = "released", _("Released")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="assignments")
    task = models.ForeignKey("requests.Task", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED, editable=False)
    committed_from = models.DateField(null=True, blank=True)
    committed_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["proposed", "committed", "released"]), name="assignment_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="committed")
                | Q(committed_from__isnull=False, committed_until__gte=F("committed_from")),
                name="assignment_committed_has_window",
            ),
            # One asset per task while it runs.
            models.UniqueConstraint(
                fields=["task"], condition=~Q(state="released"), name="assignment_one_open_per_task"
            ),
        ]
        indexes = [
            # The matching's commitments: WHERE asset_id IN (...) AND state = 'committed'.
            models.Index(fields=["asset"], condition=Q(state="committed"), name="assignment_committed"),
        ]

    def __str__(self) -> str:
        return f"{self.asset_id} → task {self.task_id}: {self.state}"
