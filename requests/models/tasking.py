"""The tasks of the military: an approved request given to one force, and the force's reports.

A task's status changes only through requests/services/, checked against requests/lifecycle.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import AppendOnlyModel, AppendOnlyQuerySet, Organization

from .rfa import AssistanceRequest


class TaskStatus(models.TextChoices):
    TASKED = "tasked", _("Waiting for acceptance")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_TASK_STATES = (TaskStatus.TASKED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS)

# The order of the task lists: waiting for acceptance first. One expression for the query and its index (the
# index serves the ORDER BY only if the expression is the same).
PENDING_FIRST = Case(
    When(status=TaskStatus.TASKED, then=Value(0)), default=Value(1), output_field=IntegerField()
)


class Task(models.Model):
    """An approved request given to one military organisation, with the one humanitarian point of contact.

    The force's liaison officers see it through a per-object grant (TaskGroupObjectPermission).
    """

    Status = TaskStatus

    request = models.ForeignKey(AssistanceRequest, on_delete=models.PROTECT, related_name="tasks")
    force = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="tasks")
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.TASKED)
    poc = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("point of contact"),
    )
    # Copied at tasking time: what the force is told, whatever changes later in the directory.
    poc_name = models.CharField(max_length=200)
    poc_organization = models.CharField(max_length=200)
    poc_phone = models.CharField(max_length=50, blank=True)
    poc_email = models.EmailField(blank=True)
    tasked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tasked_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    delivered = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True, help_text=_("What was delivered."))
    notes = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    approval_expired = models.BooleanField(
        default=False, help_text=_("Set by the system when the approval's validity ended under the task.")
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-tasked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="task_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="declined") | (Q(declined_at__isnull=False) & ~Q(decline_reason="")),
                name="task_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="task_completed_has_date",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["tasked", "accepted", "in_progress"]),
                name="task_one_active_per_request",
            ),
        ]
        indexes = [
            # A force's tasks by status (home panels, tasking page): WHERE force_id = %s AND status = %s.
            models.Index(fields=["force", "status"], name="task_force_status"),
            # The liaison's task list and API (selectors.tasks_for_user): WHERE force_id = %s ORDER BY
            # PENDING_FIRST, tasked_at DESC, id DESC LIMIT 50: read in order, no sort of the force's tasks.
            models.Index(
                F("force"),
                PENDING_FIRST,
                F("tasked_at").desc(),
                F("id").desc(),
                name="task_force_pending_tasked",
            ),
            # The officers' task list, the same order over the operation's tasks.
            models.Index(PENDING_FIRST, F("tasked_at").desc(), F("id").desc(), name="task_pending_tasked"),
        ]

    def __str__(self) -> str:
        # No English word: the operation's record shows it beside the kind of object, in the reader's
        # language.
        return f"{self.request.reference} → {self.force.short_name}"

    def get_absolute_url(self) -> str:
        return reverse("requests:task_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_TASK_STATES

    @property
    def status_tone(self) -> str:
        return {
            "tasked": "warn",
            "accepted": "ok",
            "in_progress": "ok",
            "completed": "ok",
            "declined": "bad",
            "cancelled": "bad",
        }.get(self.status, "")


class TaskReport(AppendOnlyModel):
    """A progress report of the force on a task. Append-only (database triggers, model and queryset)."""

    append_only_hint = _("Write a new report instead.")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["task", "at", "pk"]

    def __str__(self) -> str:
        return f"Report on {self.task}"


class ConditionsAcknowledgement(AppendOnlyModel):
    """A liaison officer of the force acknowledged the approval in force (a renewal or an amendment recorded
    while the task ran): who, when, which decision. Append-only (database triggers, model and queryset)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="acknowledgements")
    decision = models.ForeignKey("requests.Decision", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["task", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "decision"], name="acknowledgement_one_per_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.by} acknowledged decision {self.decision_id} on {self.task}"


class TaskUserObjectPermission(UserObjectPermissionBase):
    """Per-object grants on tasks to users (django-guardian, direct foreign key)."""

    content_object = models.ForeignKey(Task, on_delete=models.CASCADE)


class TaskGroupObjectPermission(GroupObjectPermissionBase):
    """Per-object grants on tasks to groups: one group per (operation, force) of liaison officers."""

    content_object = models.ForeignKey(Task, on_delete=models.CASCADE)
