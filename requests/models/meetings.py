"""HCT meetings: the officer schedules one (date and time in the operation's zone, place or call link), puts
requests on its agenda (HctReferral.meeting), the HC records who attended once, then a decision per agenda
item (services/hct.decision_record); the minutes are kept as text or a file.

A meeting's status changes only through requests/services/meetings.py, checked against requests/lifecycle.py.
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.limits import TEXT_MAX_LENGTH

from .rfa import validate_attachment


def minutes_path(instance, filename: str) -> str:
    return f"meetings/{instance.operation.code}/{instance.pk}/{Path(filename).name}"


class Meeting(models.Model):
    """One HCT meeting of an operation, with its agenda (the referrals put to it) and its attendance."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    operation = models.ForeignKey("cmcoord.Operation", on_delete=models.PROTECT, related_name="hct_meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    call_link = models.URLField(_("call link"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED, editable=False)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes = models.TextField(_("minutes"), max_length=TEXT_MAX_LENGTH, blank=True)
    minutes_file = models.FileField(
        _("minutes file"),
        upload_to=minutes_path,
        validators=[validate_attachment],
        max_length=255,
        blank=True,
    )
    cancel_reason = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "held", "cancelled"]), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(call_link=""), name="meeting_has_place_or_call_link"
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(attendance_recorded_at__isnull=False),
                name="meeting_held_has_attendance",
            ),
        ]
        indexes = [
            # The meetings list of an operation, newest first; the reminder sweep of scheduled meetings.
            models.Index(fields=["operation", "-starts_at"], name="meeting_operation_starts"),
            models.Index(
                fields=["starts_at"], condition=Q(status="scheduled"), name="meeting_scheduled_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("requests:meeting_detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        return {"scheduled": "warn", "held": "ok", "cancelled": "muted"}.get(self.status, "")

    def audit_data(self) -> dict:
        """What the audit log records of the meeting's arrangements."""
        return {
            "meeting": self.pk,
            "starts_at": self.starts_at.isoformat(),
            "place": self.place,
            "call_link": self.call_link,
        }
