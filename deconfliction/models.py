"""Humanitarian notification (deconfliction): sites and movements that humanitarian organisations tell the
parties of, through OCHA, so that the parties can avoid harming them.

- HumanitarianNotification: one site or one movement of one organisation in one operation. Its content lives
  in versions; an update appends a version, nothing is edited in place. Never deleted: withdrawn or expired.
- NotificationVersion (+ RouteLeg for a movement): the content, append-only.
- Transmission: the humanitarian notification told to ONE party (a military organisation of the operation),
  with its state (awaiting acknowledgement, acknowledged, withdrawn). The party's liaison officers see it
  through a per-object grant to their force's group (django-guardian).
- Dispatch, Acknowledgement, Concern: the indelible record: what was sent to which party exactly as sent
  (the party's payload), who acknowledged which dispatch and when, and the concerns sent back. Append-only,
  refused by the model and by the database (migration 0002).

States change only through deconfliction/services.py (`move`), checked against deconfliction/lifecycle.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import AppendOnlyModel, Operation, Organization

# The conventions of requests' legs (WGS84 decimal degrees, five decimals: about a metre), not its models.
LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


def latitude_field(verbose_name, **kwargs):
    return models.DecimalField(
        max_digits=8, decimal_places=5, validators=LATITUDE, verbose_name=verbose_name, **kwargs
    )


def longitude_field(verbose_name, **kwargs):
    return models.DecimalField(
        max_digits=9, decimal_places=5, validators=LONGITUDE, verbose_name=verbose_name, **kwargs
    )


class Kind(models.TextChoices):
    SITE = "site", _("Site")
    MOVEMENT = "movement", _("Movement")


class SiteType(models.TextChoices):
    OFFICE = "office", _("Office")
    WAREHOUSE = "warehouse", _("Warehouse")
    CLINIC = "clinic", _("Clinic or hospital")
    DISTRIBUTION = "distribution", _("Distribution point")
    ACCOMMODATION = "accommodation", _("Staff accommodation")
    CAMP = "camp", _("Camp or settlement served")
    OTHER = "other", _("Other")


class MovementType(models.TextChoices):
    CONVOY = "convoy", _("Convoy")
    MISSION = "mission", _("Mission")
    FLIGHT = "flight", _("Flight")
    BOAT = "boat", _("Boat")


class NotificationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, to be transmitted")
    TRANSMITTED = "transmitted", _("Transmitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class HumanitarianNotificationQuerySet(models.QuerySet):
    def live(self, now=None):
        """Neither withdrawn nor past the end of its period."""
        now = now or timezone.now()
        return self.filter(status__in=[NotificationStatus.SUBMITTED, NotificationStatus.TRANSMITTED]).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )


class HumanitarianNotification(models.Model):
    """One site or one movement told to the parties. Its content is its current version."""

    Kind = Kind
    Status = NotificationStatus

    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, related_name="humanitarian_notifications"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="humanitarian_notifications"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=NotificationStatus.choices, default=NotificationStatus.SUBMITTED
    )
    current_version = models.OneToOneField(
        "NotificationVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version_count = models.PositiveIntegerField(default=0)
    # Copied from the current version: the lists and the expiry sweep filter on them.
    starts_at = models.DateTimeField(_("from"), null=True, blank=True)
    ends_at = models.DateTimeField(
        _("until"), null=True, blank=True, help_text=_("Empty: a standing site. A movement always ends.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = HumanitarianNotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("humanitarian notification")
        verbose_name_plural = _("humanitarian notifications")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="hn_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=NotificationStatus.values), name="hn_status_valid"),
            models.CheckConstraint(
                condition=~Q(kind="movement") | Q(starts_at__isnull=False, ends_at__isnull=False),
                name="hn_movement_has_window",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="hn_ends_after_start",
            ),
        ]
        indexes = [
            # The humanitarian list: WHERE operation_id = %s ORDER BY updated_at DESC.
            models.Index(fields=["operation", "-updated_at"], name="hn_operation_updated"),
            # The expiry sweep: WHERE status IN ('submitted', 'transmitted') AND ends_at <= now().
            models.Index(
                fields=["ends_at"], condition=Q(status__in=["submitted", "transmitted"]), name="hn_live_ends"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("deconfliction:detail", args=[self.pk])

    @property
    def is_movement(self) -> bool:
        return self.kind == Kind.MOVEMENT

    @property
    def status_tone(self) -> str:
        return {"submitted": "warn", "transmitted": "ok", "withdrawn": "bad", "expired": ""}.get(
            self.status, ""
        )


class ReferenceCounter(models.Model):
    """The last number given to a humanitarian notification in one operation; locked while one is created."""

    operation = models.OneToOneField(Operation, on_delete=models.CASCADE, related_name="+")
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.operation_id}: {self.last}"


class NotificationVersion(AppendOnlyModel):
    """The content of a humanitarian notification at one time. Never edited: an update appends a version.

    The party sees only what deconfliction/payload.py copies into a dispatch: never the number of staff, the
    internal notes or the submitter's internal contact.
    """

    append_only_hint = _("Record a new version instead.")

    notification = models.ForeignKey(
        HumanitarianNotification, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    # A site.
    site_type = models.CharField(_("type of site"), max_length=20, choices=SiteType.choices, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    lat = latitude_field(_("latitude"), null=True, blank=True)
    lon = longitude_field(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # A movement.
    movement_type = models.CharField(
        _("type of movement"), max_length=20, choices=MovementType.choices, blank=True
    )
    purpose = models.TextField(
        _("purpose"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("In humanitarian terms, e.g. “delivery of food and medicines”."),
    )
    vehicle_count = models.PositiveSmallIntegerField(_("number of vehicles"), null=True, blank=True)
    vehicle_type = models.CharField(_("type of vehicles"), max_length=200, blank=True)
    plates = models.CharField(_("plates"), max_length=300, blank=True, help_text=_("Optional."))
    call_sign = models.CharField(_("call sign"), max_length=50, blank=True)
    # Both.
    starts_at = models.DateTimeField(_("from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    markings = models.CharField(
        _("emblem and markings"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “UN logo on roof, blue flag”."),
    )
    party_contact = models.CharField(
        _("contact for the parties"),
        max_length=300,
        help_text=_("Who the parties call; for a movement, reachable during the movement."),
    )
    # Humanitarian only.
    staff_count = models.PositiveIntegerField(
        _("number of staff"),
        null=True,
        blank=True,
        help_text=_("Humanitarian only: never shown to the parties."),
    )
    internal_contact = models.CharField(
        _("internal contact"),
        max_length=300,
        blank=True,
        help_text=_("Humanitarian only: the submitter's own contact for the CMCoord officers."),
    )
    internal_notes = models.TextField(
        _("internal notes"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Humanitarian only: never shown to the parties."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("version")
        ordering = ["notification", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "number"], name="hn_version_number_unique"),
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90), name="hn_version_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(lon__isnull=True) | Q(lon__gte=-180, lon__lte=180),
                name="hn_version_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="hn_version_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} v{self.number}"

    @property
    def title(self) -> str:
        if self.name:
            return self.name
        return self.purpose.strip().splitlines()[0][:80] if self.purpose.strip() else ""


class RouteLeg(AppendOnlyModel):
    """One leg of a movement's route, in the version it belongs to (shape of requests' legs)."""

    version = models.ForeignKey(NotificationVersion, on_delete=models.PROTECT, related_name="legs")
    order = models.PositiveSmallIntegerField(default=1)
    from_name = models.CharField(_("from"), max_length=200)
    from_lat = latitude_field(_("from latitude"))
    from_lon = longitude_field(_("from longitude"))
    to_name = models.CharField(_("to"), max_length=200)
    to_lat = latitude_field(_("to latitude"))
    to_lon = longitude_field(_("to longitude"))

    class Meta:
        verbose_name = _("route leg")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="hn_leg_order_unique"),
            models.CheckConstraint(
                condition=Q(from_lat__gte=-90, from_lat__lte=90, to_lat__gte=-90, to_lat__lte=90),
                name="hn_leg_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(from_lon__gte=-180, from_lon__lte=180, to_lon__gte=-180, to_lon__lte=180),
                name="hn_leg_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name}"


class TransmissionStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Transmission(models.Model):
    """A humanitarian notification told to one party; its liaison officers see it by a per-object grant.

    `last_dispatch` is what the party was last sent, exactly as sent: the party's pages and API read it only.
    """

    Status = TransmissionStatus

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    notification = models.ForeignKey(
        HumanitarianNotification, on_delete=models.PROTECT, related_name="transmissions"
    )
    party = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="received_notifications")
    status = models.CharField(
        _("status"), max_length=12, choices=TransmissionStatus.choices, default=TransmissionStatus.AWAITING
    )
    last_dispatch = models.OneToOneField("Dispatch", on_delete=models.PROTECT, null=True, related_name="+")
    sent_at = models.DateTimeField(_("last sent"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # Copied from what the party was last sent, so that its list needs no join to the humanitarian side and
    # follows what it was told (not an update it has not been sent yet).
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("transmission")
        ordering = ["notification", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "party"], name="hn_transmission_once_per_party"),
            models.CheckConstraint(
                condition=Q(status__in=TransmissionStatus.values), name="hn_transmission_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="acknowledged") | Q(acknowledged_at__isnull=False),
                name="hn_transmission_acknowledged_has_time",
            ),
        ]
        indexes = [
            # A party's list: WHERE party_id = %s AND operation_id = %s AND ends_at > now (or NULL)
            models.Index(fields=["party", "operation", "ends_at"], name="hn_transmission_party"),
            # The reminder sweep: WHERE status = 'awaiting' AND sent_at <= now() - delay.
            models.Index(fields=["sent_at"], condition=Q(status="awaiting"), name="hn_transmission_awaiting"),
        ]

    def __str__(self) -> str:
        return f"{self.notification} → {self.party.short_name}"

    def get_absolute_url(self) -> str:
        return reverse("deconfliction:received", args=[self.pk])

    @property
    def status_tone(self) -> str:
        return {"awaiting": "warn", "acknowledged": "ok", "withdrawn": "bad"}.get(self.status, "")


class Dispatch(AppendOnlyModel):
    """What one party was sent, exactly as sent: the party's payload of one version (or of a withdrawal)."""

    append_only_hint = _("Send a new dispatch instead.")

    class Reason(models.TextChoices):
        TRANSMITTED = "transmitted", _("Transmitted")
        WITHDRAWN = "withdrawn", _("Withdrawal")

    transmission = models.ForeignKey(Transmission, on_delete=models.PROTECT, related_name="dispatches")
    version = models.ForeignKey(NotificationVersion, on_delete=models.PROTECT, related_name="dispatches")
    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.TRANSMITTED)
    payload = models.JSONField(help_text=_("Exactly what the party was sent."))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dispatch")
        ordering = ["transmission", "sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=["transmitted", "withdrawn"]), name="hn_dispatch_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transmission} ({self.sent_at:%Y-%m-%d %H:%M:%S})"


class Acknowledgement(AppendOnlyModel):
    """A party's liaison officer acknowledges receipt of one dispatch: once."""

    dispatch = models.OneToOneField(Dispatch, on_delete=models.PROTECT, related_name="acknowledgement")
    transmission = models.ForeignKey(Transmission, on_delete=models.PROTECT, related_name="acknowledgements")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("acknowledgement")
        ordering = ["transmission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.transmission} acknowledged {self.at:%Y-%m-%d %H:%M:%S}"


class Concern(AppendOnlyModel):
    """A concern a party sends back (free text), shown to the CMCoord officers and the submitter."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.PROTECT, related_name="concerns")
    transmission = models.ForeignKey(Transmission, on_delete=models.PROTECT, related_name="concerns")
    text = models.TextField(_("concern"), max_length=TEXT_MAX_LENGTH)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("concern")
        ordering = ["transmission", "at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="hn_concern_not_empty")]

    def __str__(self) -> str:
        return f"{self.transmission} concern {self.at:%Y-%m-%d %H:%M:%S}"


class TransmissionUserObjectPermission(UserObjectPermissionBase):
    """Per-object grants on transmissions to users (django-guardian, direct foreign key)."""

    content_object = models.ForeignKey(Transmission, on_delete=models.CASCADE)


class TransmissionGroupObjectPermission(GroupObjectPermissionBase):
    """Per-object grants on transmissions to groups: one group per (operation, force) of liaison officers."""

    content_object = models.ForeignKey(Transmission, on_delete=models.CASCADE)
