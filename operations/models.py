"""Invitations to an operation. Operations, organisations and memberships themselves live in the core."""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.models import Operation, Organization, Role

INVITATION_VALIDITY = datetime.timedelta(days=7)


def token_digest(token: str) -> str:
    """What is stored of an invitation's token: only its SHA-256, so the table never holds a usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An email asked to join an operation with a role; its link is single-use and expires after 7 days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("organisation")
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    closed_at = models.DateTimeField(null=True, blank=True, help_text=_("When it was accepted or withdrawn."))

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "withdrawn"]), name="invitation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_by__isnull=False, closed_at__isnull=False),
                name="invitation_accepted_has_user",
            ),
            # One pending invitation per address and operation (an address already invited is refused).
            models.UniqueConstraint(
                "operation",
                Lower("email"),
                condition=Q(status="pending"),
                name="invitation_one_pending_per_email",
            ),
        ]
        indexes = [
            # The people page: WHERE operation_id = %s AND status = 'pending' ORDER BY created_at DESC.
            models.Index(
                fields=["operation", "-created_at"],
                condition=Q(status="pending"),
                name="invitation_pending_by_op",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.get_role_display()} ({self.operation.code})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
