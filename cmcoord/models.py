"""The shared core: people, organisations, operations, memberships (roles) and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Community(models.TextChoices):
    HUMANITARIAN = "humanitarian", _("Humanitarian")
    MILITARY = "military", _("Military")


ORGANIZATION_TYPES = [
    "un_agency",
    "ingo",
    "nngo",
    "red_cross",
    "civil_government",
    "donor",
    "national_armed_forces",
    "foreign_military",
    "civil_defence",
    "peacekeeping",
]


class OrganizationQuerySet(models.QuerySet):
    def military(self):
        """Organisations whose type makes them military."""
        return self.filter(type__in=Organization.MILITARY_TYPES)

    def humanitarian(self):
        """Organisations whose type makes them humanitarian."""
        return self.exclude(type__in=Organization.MILITARY_TYPES)


class Organization(models.Model):
    class Type(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INGO = "ingo", _("International NGO")
        NNGO = "nngo", _("National NGO")
        RED_CROSS = "red_cross", _("Red Cross / Red Crescent")
        CIVIL_GOVERNMENT = "civil_government", _("Civilian government body")
        DONOR = "donor", _("Donor")
        NATIONAL_ARMED_FORCES = "national_armed_forces", _("National armed forces")
        FOREIGN_MILITARY = "foreign_military", _("Foreign military")
        CIVIL_DEFENCE = "civil_defence", _("Civil defence")
        PEACEKEEPING = "peacekeeping", _("Peacekeeping force")

    # The community follows from the type. The database triggers of migration 0002 repeat this list.
    MILITARY_TYPES = (
        Type.NATIONAL_ARMED_FORCES,
        Type.FOREIGN_MILITARY,
        Type.CIVIL_DEFENCE,
        Type.PEACEKEEPING,
    )

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    type = models.CharField(max_length=30, choices=Type.choices)
    country = models.CharField(
        max_length=100, blank=True, help_text=_("Country of origin; blank if international.")
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=ORGANIZATION_TYPES), name="organization_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def community(self) -> str:
        return Community.MILITARY if self.type in self.MILITARY_TYPES else Community.HUMANITARIAN

    @property
    def is_military(self) -> bool:
        return self.type in self.MILITARY_TYPES

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class User(AbstractUser):
    class Language(models.TextChoices):
        # Each named in itself, never translated (as in settings.LANGUAGES): a reader finds their own.
        EN = "en", "English"
        FR = "fr", "Français"
        ES = "es", "Español"
        AR = "ar", "العربية"
        PT = "pt", "Português"

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    title = models.CharField(max_length=150, blank=True)
    # Empty until the user chooses (switcher or preferences): pages follow the browser's Accept-Language,
    # and the first sign-in stores the language it negotiated, so that emails are written in it too.
    language = models.CharField(max_length=5, choices=Language.choices, blank=True, default="")
    is_operations_manager = models.BooleanField(
        _("operations manager"),
        default=False,
        help_text=_(
            "OCHA headquarters staff who open operations and name their first CMCoord officers. "
            "Not a role inside any operation, and not Django staff."
        ),
    )
    session_epoch = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised to sign the user out of every session at once."
    )

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=["", "en", "fr", "es", "ar", "pt"]), name="user_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.is_operations_manager and self.organization_id and self.organization.is_military:
            message = _("An operations manager belongs to a humanitarian organisation.")
            raise ValidationError(
                {"is_operations_manager": ValidationError(message, code="military_operations_manager")}
            )

    def _get_session_auth_hash(self, secret=None):
        # Every session carries this hash; raising session_epoch (log out everywhere, a reset second factor)
        # changes it, so every existing session stops at its next request, as after a password change.
        key_salt = "cmcoord.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_military(self) -> bool:
        return bool(self.organization_id) and self.organization.is_military


def _time_zones() -> set[str]:
    import zoneinfo

    return zoneinfo.available_timezones()


class OperationQuerySet(models.QuerySet):
    def active(self):
        """Operations still running."""
        return self.filter(status=Operation.Status.ACTIVE)


class Operation(models.Model):
    class Context(models.TextChoices):
        NATURAL_DISASTER = "natural_disaster", _("Natural disaster")
        COMPLEX_EMERGENCY = "complex_emergency", _("Complex emergency")
        MIXED = "mixed", _("Mixed")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=6,
        unique=True,
        help_text=_("Upper-case letters used in references, e.g. MOZ for MOZ-2026-0042."),
    )
    country = models.CharField(max_length=100)
    context = models.CharField(max_length=30, choices=Context.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", help_text=_("e.g. Africa/Maputo")
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    organizations = models.ManyToManyField(
        Organization, related_name="operations", blank=True, help_text=_("Organisations taking part.")
    )

    objects = OperationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(context__in=["natural_disaster", "complex_emergency", "mixed"]),
                name="operation_context_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "closed"]), name="operation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="operation_end_after_start",
            ),
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2,6}$"), name="operation_code_format"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.time_zone and self.time_zone not in _time_zones():
            raise ValidationError(
                {"time_zone": _("Choose a time zone such as Africa/Maputo.")}, code="time_zone"
            )

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Role(models.TextChoices):
    CMCOORD_OFFICER = "cmcoord_officer", _("CMCoord officer")
    REQUESTER = "requester", _("Humanitarian requester")
    HCT_MEMBER = "hct_member", _("HCT member")
    HC = "hc", _("Humanitarian Coordinator")
    MILITARY_LIAISON = "military_liaison", _("Military liaison officer")
    OBSERVER = "observer", _("Observer")


HUMANITARIAN_ROLES = (Role.CMCOORD_OFFICER, Role.REQUESTER, Role.HCT_MEMBER, Role.HC, Role.OBSERVER)


class Membership(models.Model):
    """A user's role in one operation. The database refuses a military user with a humanitarian role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["operation", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "operation"], name="membership_one_role_per_operation"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["operation", "role"], name="membership_operation_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.operation})"

    def clean(self) -> None:
        user = self.user if self.user_id else None
        if user is None or not self.role:
            return
        if user.organization_id is None:
            raise ValidationError({"user": _("A member must belong to an organisation.")})
        if user.organization.is_military and self.role != Role.MILITARY_LIAISON:
            raise ValidationError(
                {"role": _("A military user can only hold the military liaison officer role.")},
                code="military_user_humanitarian_role",
            )
        if not user.organization.is_military and self.role == Role.MILITARY_LIAISON:
            raise ValidationError(
                {"role": _("Only a user of a military organisation can be a military liaison officer.")},
                code="humanitarian_user_military_role",
            )


class AppendOnlyModel(models.Model):
    """A record that is written once and never updated or deleted (logs, decisions)."""

    # What to do instead, said when an update is refused.
    append_only_hint = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            message = f"{self._meta.verbose_name} is append-only: it is never updated."
            raise TypeError(f"{message} {self.append_only_hint}".strip())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self._meta.verbose_name} is append-only: it is never deleted.")


class AppendOnlyQuerySet(models.QuerySet):
    """The queryset of an append-only record: bulk update and delete are refused too (the database refuses
    them again, by trigger)."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.verbose_name} is append-only: it is never updated.")

    def delete(self):
        raise TypeError(f"{self.model._meta.verbose_name} is append-only: it is never deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise TypeError(f"{self.model._meta.verbose_name} is append-only: it is never updated.")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only: events are never updated.")

    def delete(self):
        raise TypeError("The audit log is append-only: events are never deleted.")

    def for_object(self, obj):
        """Events about one object, oldest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        ).order_by("created_at", "pk")


class AuditEvent(AppendOnlyModel):
    """One recorded change: who did what to which object, from which state to which, and why.

    Append-only: written by services in the same transaction as the change; the database refuses UPDATE and
    DELETE (migration 0002), and the model refuses them too.
    """

    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text=_("Empty for the system (a periodic task)."),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    verb = models.CharField(max_length=64)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="audit_object_time"),
            models.Index(fields=["operation", "created_at"], name="audit_operation_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.verb} {self.object_repr}"


# Notifications: the outbox and the in-application inbox (services and selectors in cmcoord/notifications.py).


class NotificationChannel(models.TextChoices):
    EMAIL_NOW = "email_now", _("Email now")
    DAILY_DIGEST = "daily_digest", _("Daily digest")
    IN_APP_ONLY = "in_app_only", _("In the application only")


class Notification(models.Model):
    """One person told of one event: the outbox row of its email and the item of their inbox.

    Written in the transaction of the event (notify()); its text is rendered then, in the recipient's
    language, so the email and the inbox say the same thing and nothing is rendered in the worker.
    """

    class EmailStatus(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        RETRY = "retry", _("Waiting to retry")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not emailed (in the application only)")
        DIGEST = "digest", _("Waiting for the daily digest")

    # The delivery may still pick these up (the sweep's query and the health check's).
    UNSENT = (EmailStatus.QUEUED, EmailStatus.RETRY, EmailStatus.SENDING)

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(max_length=64, help_text='The event, e.g. "request.submitted".')
    dedupe_key = models.CharField(
        max_length=200, help_text=_("Names the event; one person is never told of the same event twice.")
    )
    language = models.CharField(max_length=5, choices=User.Language.choices)
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField()
    link = models.CharField(
        max_length=500, blank=True, help_text=_("A path in this site, e.g. /requests/42/.")
    )
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Queued or retry: when the sweep may enqueue it. Sending: when its lease runs out."),
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    bounced = models.BooleanField(
        default=False, help_text=_("The mail server refused the address for good (a 5xx answer).")
    )
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_event"),
            models.CheckConstraint(
                condition=Q(
                    email_status__in=["queued", "sending", "sent", "retry", "failed", "skipped", "digest"]
                ),
                name="notification_email_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(email_status="sent", sent_at__isnull=False) | ~Q(email_status="sent"),
                name="notification_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr", "es", "ar", "pt"]), name="notification_language_valid"
            ),
        ]
        indexes = [
            # The inbox: a user's notifications, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The unread count in the header: count(*) WHERE recipient_id = %s AND read_at IS NULL.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # The sweep: WHERE email_status IN ('queued', 'retry', 'sending') AND next_attempt_at <= now(),
            # and the health check's min(created_at) over the same rows. Few rows: only what waits.
            # /readyz: count(*) WHERE email_status = 'failed' AND failed_at >= now() - 24 h; the person page's
            # bounced emails (recipient_id = %s AND email_status = 'failed').
            models.Index(
                fields=["failed_at"], condition=Q(email_status="failed"), name="notification_failed_recent"
            ),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(email_status__in=["queued", "retry", "sending"]),
                name="notification_sweep",
            ),
            # The daily digest: WHERE email_status = 'digest', grouped by recipient.
            models.Index(
                fields=["recipient"], condition=Q(email_status="digest"), name="notification_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}: {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one user wants to hear of one kind of event; without a row, by email at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=64)
    channel = models.CharField(
        max_length=20, choices=NotificationChannel.choices, default=NotificationChannel.EMAIL_NOW
    )

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_one_per_kind"),
            models.CheckConstraint(
                condition=Q(channel__in=["email_now", "daily_digest", "in_app_only"]),
                name="notification_preference_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"


class IdempotencyKey(models.Model):
    """The first answer to an API POST sent with an `Idempotency-Key` header, kept 24 hours: a retry with the
    same key (the client never saw the answer) gets that answer again instead of acting twice.

    Written in the transaction of the action itself (cmcoord.idempotency), so the key exists exactly when the
    action committed."""

    scope = models.CharField(max_length=64, help_text="Whose key: a hash of the credentials (user or token).")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    content = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_once_per_scope")
        ]
        indexes = [
            # The purge: DELETE WHERE created_at < now() - 24 h.
            models.Index(fields=["created_at"], name="idempotency_key_created"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
