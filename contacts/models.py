"""The directory of an operation: its people (contacts), their phones and emails, and platforms."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import AppendOnlyModel, Operation, Organization

STALE_AFTER_DAYS = 90


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Contacts verified before this date (or never) are stale."""
    return (today or timezone.localdate()) - datetime.timedelta(days=STALE_AFTER_DAYS)


class Function(models.TextChoices):
    CMCOORD_FOCAL_POINT = "cmcoord_focal_point", _("CMCoord focal point")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    HEAD_OF_OFFICE = "head_of_office", _("Head of office")
    OPERATIONS = "operations", _("Operations")
    LOGISTICS = "logistics", _("Logistics")
    SECURITY = "security", _("Security")
    HEALTH = "health", _("Health")
    SHELTER = "shelter", _("Shelter")
    WASH = "wash", _("Water, sanitation and hygiene")
    FOOD_SECURITY = "food_security", _("Food security")
    PROTECTION = "protection", _("Protection")
    TELECOMS = "telecoms", _("Emergency telecommunications")
    INFORMATION_MANAGEMENT = "information_management", _("Information management")
    ACCESS = "access", _("Humanitarian access")
    OTHER = "other", _("Other")


_FUNCTION_CODES = "|".join(Function.values)
# Functions are stored as comma-separated codes; this pattern lets the database refuse anything else.
FUNCTIONS_PATTERN = rf"^(({_FUNCTION_CODES})(,({_FUNCTION_CODES}))*)?$"


class ContactQuerySet(models.QuerySet):
    def stale(self, today: datetime.date | None = None):
        """Contacts never verified, or not verified for STALE_AFTER_DAYS days."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff(today)))

    def with_function(self, code: str):
        """Contacts holding one function (a code of Function)."""
        return self.filter(functions__regex=rf"(^|,){code}(,|$)")


class Contact(models.Model):
    class Sharing(models.TextChoices):
        EVERYONE = "everyone", _("Everyone in the operation (military included)")
        HUMANITARIAN = "humanitarian", _("Humanitarian only")
        OCHA = "ocha", _("OCHA only")

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contacts")
    radio_call_sign = models.CharField(max_length=50, blank=True)
    location = models.CharField(max_length=200, blank=True)
    languages = models.CharField(
        max_length=200, blank=True, help_text=_("Comma-separated, e.g. English, Portuguese.")
    )
    functions = models.CharField(
        max_length=400, blank=True, help_text=_("Comma-separated codes of Function.")
    )
    notes = models.TextField(
        max_length=TEXT_MAX_LENGTH, blank=True, help_text=_("Personal notes: never shown to military users.")
    )
    last_verified = models.DateField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_cards",
        help_text=_("The person's account, if they have one."),
    )
    sharing = models.CharField(max_length=20, choices=Sharing.choices, default=Sharing.HUMANITARIAN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sharing__in=["everyone", "humanitarian", "ocha"]), name="contact_sharing_valid"
            ),
            models.CheckConstraint(
                condition=Q(functions__regex=FUNCTIONS_PATTERN), name="contact_functions_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="contact_name_not_blank"),
        ]
        indexes = [
            # The directory: an operation's contacts by name.
            models.Index(fields=["operation", "name"], name="contact_operation_name"),
            # The stale panel: an operation's contacts by last_verified.
            models.Index(fields=["operation", "last_verified"], name="contact_operation_verified"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contacts:card", args=[self.pk])

    @property
    def function_codes(self) -> list[str]:
        return [code for code in self.functions.split(",") if code]

    @property
    def function_labels(self) -> list[str]:
        return [str(Function(code).label) for code in self.function_codes]

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]

    @property
    def is_stale(self) -> bool:
        return self.last_verified is None or self.last_verified < stale_cutoff()


class ContactEmail(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "email"], name="contact_email_unique"),
        ]
        # Duplicate detection: which contact already has this address.
        indexes = [models.Index(fields=["email"], name="contact_email_address")]

    def __str__(self) -> str:
        return self.email


class ContactPhone(models.Model):
    class Kind(models.TextChoices):
        MOBILE = "mobile", _("Mobile")
        LANDLINE = "landline", _("Landline")
        SATELLITE = "satellite", _("Satellite")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["mobile", "landline", "satellite"]), name="contact_phone_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"

    @property
    def tel(self) -> str:
        """The number as a tel: URI wants it: digits and a leading +."""
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"+{digits}" if self.number.strip().startswith("+") else digits


class CoordinationPlatform(models.Model):
    class Kind(models.TextChoices):
        HUMOCC = "humocc", _("HuMOCC")
        CMCOORD_CELL = "cmcoord_cell", _("CMCoord cell")
        WORKING_GROUP = "working_group", _("Civil-military working group")
        MNCC = "mncc", _("MNCC")
        OSOCC = "osocc", _("OSOCC")
        OTHER = "other", _("Other")

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="platforms")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    meeting_schedule = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. Daily at 09:00, Beira airport")
    )
    location = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_platforms"
    )
    members = models.ManyToManyField(Contact, related_name="platforms", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["humocc", "cmcoord_cell", "working_group", "mncc", "osocc", "other"]),
                name="platform_kind_valid",
            ),
            models.UniqueConstraint(fields=["operation", "name"], name="platform_name_unique_per_operation"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contacts:platform", args=[self.pk])


class ConfirmationRequest(models.Model):
    """An officer asked a contact to confirm their details; answered when the contact is marked verified."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="confirmation_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # The open request of a contact (card and "request confirmation").
            models.Index(
                fields=["contact"],
                condition=Q(confirmed_at__isnull=True),
                name="confirmation_open_by_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"Confirmation of {self.contact} requested {self.requested_at:%Y-%m-%d}"


class ContactAccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The contact access log is append-only.")

    def delete(self):
        raise TypeError("The contact access log is append-only.")


class ContactAccessLog(AppendOnlyModel):
    """A military user saw contacts: who, which, when and how. Read by the CMCoord officers."""

    class How(models.TextChoices):
        VIEW = "view", _("Viewed the card")
        LIST = "list", _("Listed in the directory")
        EXPORT = "export", _("Exported")
        API = "api", _("Read through the API")
        OFFLINE = "offline", _("Saved on their device for offline reading")

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="contact_access_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    how = models.CharField(max_length=10, choices=How.choices)
    detail = models.CharField(max_length=100, blank=True, help_text=_("e.g. the export format."))
    contact_ids = models.JSONField(default=list)
    contact_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ContactAccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(how__in=["view", "list", "export", "api", "offline"]),
                name="contact_access_how_valid",
            ),
        ]
        # The officers' page: an operation's log, newest first.
        indexes = [models.Index(fields=["operation", "created_at"], name="contact_access_operation_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.how} {self.contact_count} contact(s)"


class ImportBatch(models.Model):
    """An uploaded CSV between preview and commit: its rows as read, and the errors found in them."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        COMMITTED = "committed", pgettext_lazy("an import written to the directory", "Committed")

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="contact_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255, blank=True)
    rows = models.JSONField(
        default=list, help_text=_("[{row: n, values: {column: text}}] as read from the file.")
    )
    errors = models.JSONField(default=list, help_text=_("[{row, column, message}] found at the last check."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    committed_at = models.DateTimeField(null=True, blank=True)
    contact_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["preview", "committed"]), name="import_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename or self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("contacts:import-preview", args=[self.pk])
