"""A large export made in the background: who asked, for what, and how far it has got."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.models import Operation


class ExportJob(models.Model):
    """The tracker of more rows than an export answers at once (settings.EXPORT_BACKGROUND_ROWS): made by a
    Celery task into MEDIA storage, downloadable by the one user who asked until it expires."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fmt = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # The list's filters as the user chose them (its query string), applied again by the task.
    query = models.CharField(max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True, max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    # The last sign of life of the job: queued, claimed by a run, a chunk written. A job queued or running
    # with no sign of life for settings.EXPORT_STALL_MINUTES lost its message or its worker: the sweep queues
    # it again (at most settings.EXPORT_MAX_ATTEMPTS runs): no progress bar stands still for ever.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "ready", "failed", "expired"]),
                name="export_job_status_valid",
            ),
            models.CheckConstraint(condition=Q(fmt__in=["csv", "xlsx"]), name="export_job_format_valid"),
        ]
        indexes = [
            # The hourly cleanup: jobs not yet expired whose time has come.
            models.Index(
                fields=["expires_at"],
                name="export_job_expiry_idx",
                condition=~Q(status="expired"),
            ),
            # A user's own jobs (the reuse of one already under way for the same filters).
            models.Index(fields=["requested_by", "operation", "-created_at"], name="export_job_user_idx"),
            # The sweep of stalled jobs: the few queued or running, by their last sign of life.
            models.Index(
                fields=["heartbeat_at"],
                name="export_job_stalled_idx",
                condition=Q(status__in=["queued", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fmt.upper()} {self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
