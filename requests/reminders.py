"""Reminders of requests (periodic, requests/tasks.py): before a written procedure's deadline, before an
approval expires, when a task is overdue, and when a force has not acknowledged a renewed or amended
approval. Who is told and what they read: requests/notifications.py.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cmcoord import notifications as core
from cmcoord.models import Role

from . import notifications, selectors
from .models import APPROVALS, AssistanceRequest, Decision, HctReferral

S = AssistanceRequest.Status

# Each reminder is idempotent: its dedupe key names the object and the
# reminder, so a second run, or a run on another worker, tells nobody twice.

WRITTEN_DEADLINE_AHEAD = datetime.timedelta(hours=24)


def remind_written_deadlines(*, now: datetime.datetime | None = None) -> int:
    """HCT members who have not yet responded to a written procedure whose deadline is within 24 hours."""
    now = now or timezone.now()
    sent = 0
    due = HctReferral.objects.filter(
        state=HctReferral.State.OPEN,
        procedure=HctReferral.Procedure.WRITTEN,
        deadline__gt=now,
        deadline__lte=now + WRITTEN_DEADLINE_AHEAD,
        request__operation__status=selectors.RUNNING,
    ).select_related("request", "request__operation", "request__organization")
    for referral in due:
        rfa = referral.request
        responded = set(referral.responses.values_list("member_id", flat=True))
        members = notifications.deliberating(rfa, notifications.members(rfa.operation_id, Role.HCT_MEMBER))
        waiting = [u for u in members if u.pk not in responded]
        with transaction.atomic():
            sent += len(
                core.notify(
                    kind=notifications.REMIND_WRITTEN_DEADLINE,
                    recipients=waiting,
                    operation=rfa.operation,
                    context={
                        "request": notifications.request_facts(rfa),
                        **notifications.referral_facts(referral),
                    },
                    link=notifications.respond_link(referral),
                    dedupe_key=f"reminder:written-deadline:{referral.pk}",
                )
            )
    return sent


# An approval is valid through its valid_until date and expires when that day ends (approval_expire acts the
# day after), so it expires within 48 hours when valid_until is today or tomorrow.
APPROVAL_REMINDER_DAYS = 1
STILL_UNDER_APPROVAL = (S.APPROVED, S.DECLINED, S.TASKED, S.ACCEPTED, S.IN_PROGRESS)


def remind_expiring_approvals(*, today: datetime.date | None = None) -> int:
    """The officers, of each approval in force that expires within 48 hours (not yet completed)."""
    today = today or timezone.localdate()
    sent = 0
    expiring = Decision.objects.filter(
        superseded_by__isnull=True,
        outcome__in=APPROVALS,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=APPROVAL_REMINDER_DAYS),
        request__status__in=STILL_UNDER_APPROVAL,
        request__operation__status=selectors.RUNNING,
    ).select_related("request", "request__operation", "request__organization")
    for decision in expiring:
        rfa = decision.request
        with transaction.atomic():
            sent += len(
                core.notify(
                    kind=notifications.REMIND_APPROVAL_EXPIRING,
                    recipients=notifications.officers(rfa),
                    operation=rfa.operation,
                    context={
                        "request": notifications.request_facts(rfa),
                        "valid_until": decision.valid_until,
                    },
                    link=notifications.request_link(rfa),
                    dedupe_key=f"reminder:approval-expiring:{decision.pk}",
                )
            )
    return sent


def remind_overdue_tasks(*, today: datetime.date | None = None) -> int:
    """The officers, and the liaison officers of the task's force, of each overdue task (once per task)."""
    sent = 0
    tasks = selectors.overdue_tasks(today).select_related("request", "request__operation", "force")
    for task in tasks:
        rfa = task.request
        # The same shareable facts for both audiences; each has its own call and dedupe key all the same.
        context = {"task": notifications.shareable_task(task)}
        with transaction.atomic():
            for audience, people in (
                ("officers", notifications.officers(rfa)),
                ("force", notifications.force_liaisons(task)),
            ):
                sent += len(
                    core.notify(
                        kind=notifications.REMIND_TASK_OVERDUE,
                        recipients=people,
                        operation=rfa.operation,
                        context=context,
                        link=notifications.task_link(task),
                        dedupe_key=f"reminder:task-overdue:{task.pk}:{audience}",
                    )
                )
    return sent


def remind_unacknowledged_approvals(*, now: datetime.datetime | None = None) -> int:
    """The liaison officers of the task's force, once per renewed or amended approval they have not
    acknowledged for more than settings.TASK_ACK_REMINDER_HOURS (their next report waits for it)."""
    sent = 0
    for task, decision in selectors.acknowledgements_overdue(settings.TASK_ACK_REMINDER_HOURS, now):
        with transaction.atomic():
            sent += len(
                core.notify(
                    kind=notifications.REMIND_ACKNOWLEDGEMENT_DUE,
                    recipients=notifications.force_liaisons(task),
                    operation=task.request.operation,
                    context={"task": notifications.shareable_task(task)},
                    link=notifications.task_link(task),
                    # per approval: a later amendment is acknowledged, and reminded of, again
                    dedupe_key=f"reminder:acknowledgement-due:{task.pk}:{decision.pk}",
                )
            )
    return sent


def remind_meetings(*, now: datetime.datetime | None = None) -> int:
    """The HCT members and the HC, the day before a scheduled HCT meeting (within 24 hours of its start).

    Once per meeting and time: a meeting moved to another day is reminded of again."""
    now = now or timezone.now()
    sent = 0
    for meeting in selectors.meetings_due_reminder(now):
        with transaction.atomic():
            sent += len(
                core.notify(
                    kind=notifications.REMIND_MEETING,
                    recipients=notifications.hct_of(meeting.operation_id),
                    operation=meeting.operation,
                    context={
                        "meeting": notifications.meeting_facts(meeting),
                        "agenda": notifications.agenda_facts(meeting),
                    },
                    link=notifications.meeting_link(meeting),
                    dedupe_key=f"reminder:meeting:{meeting.pk}:{meeting.starts_at.isoformat()}",
                )
            )
    return sent
