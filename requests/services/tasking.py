"""Writes of the tasks of the military: tasking a force, accepting, declining, progress and completion.

Each function is atomic, locks the task and the request, moves the request (base.transition) and the task
(base.move) only as the tables of requests/lifecycle.py allow (the task's table is checked before the request
moves), and writes its audit events in the same transaction. The force sees the task through a per-object
grant to the group of its liaison officers in the operation (cmcoord.permissions.force_group).
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import ConcurrentChange, DomainError, TransitionNotAllowed
from cmcoord.models import HUMANITARIAN_ROLES, Organization, User
from cmcoord.permissions import force_group, grant, role_in
from cmcoord.services import audit_record

from .. import lifecycle, notifications, permissions, signals
from ..models import ACTIVE_TASK_STATES, AssistanceRequest, ConditionsAcknowledgement, Task, TaskReport
from ..selectors import acknowledgement_due, approval_expired_for, current_decision
from .base import lock_request, move, role_of, transition

S = AssistanceRequest.Status
TaskStatus = Task.Status


class ConditionsNotConfirmed(DomainError):
    """The force accepts a task only after confirming the conditions and validity of its approval."""

    code = "conditions_not_confirmed"
    status_code = 400


def _approval_in_force(rfa: AssistanceRequest):
    decision = current_decision(rfa)
    if decision is None or not decision.is_approval:
        raise TransitionNotAllowed(_("The request has no approval in force."), code="not_approved")
    valid_until = decision.valid_until
    if valid_until is not None and valid_until < timezone.localdate():
        raise TransitionNotAllowed(
            _("The approval was valid until %(date)s: it has expired.")
            % {"date": date_format(valid_until, "j M Y")},
            code="approval_expired",
        )
    return decision


@transaction.atomic
def task_create(
    *,
    rfa: AssistanceRequest,
    actor: User,
    force: Organization,
    poc: User,
    poc_phone: str = "",
    expected_status: str | None = None,
) -> Task:
    """The officer tasks an approved request (or one a force declined) to one military organisation of the
    operation, naming the humanitarian point of contact; the force's liaison officers are granted the task."""
    locked = lock_request(rfa)
    operation = locked.operation
    errors = {}
    if not (force.is_military and operation.organizations.filter(pk=force.pk).exists()):
        errors["force"] = _("Choose a military organisation taking part in the operation.")
    if role_in(poc, operation) not in HUMANITARIAN_ROLES:
        errors["poc"] = _("The point of contact must be a humanitarian member of the operation.")
    if errors:
        raise ValidationError(errors)
    if expected_status and locked.status != expected_status:
        raise ConcurrentChange(
            _(
                "Someone else changed this request meanwhile: its status is now “%(status)s”. "
                "Nothing was done; look again and retry."
            )
            % {"status": locked.get_status_display()}
        )
    lifecycle.check(rfa=locked, action="task", role=role_in(actor, operation), user=actor)
    _approval_in_force(locked)
    transition(
        action="task",
        rfa=locked,
        actor=actor,
        comment=f"Tasked to {force.short_name}; point of contact {poc.get_full_name() or poc.username}.",
    )
    task = Task.objects.create(
        request=locked,
        force=force,
        poc=poc,
        poc_name=(poc.get_full_name() or poc.username)[:200],
        poc_organization=str(poc.organization)[:200] if poc.organization_id else "",
        poc_phone=poc_phone.strip()[:50],
        poc_email=poc.email,
        tasked_by=actor,
    )
    grant("requests.view_task", force_group(operation, force), task)
    event = audit_record(
        actor=actor,
        operation=operation,
        obj=task,
        verb="task.create",
        to_state=task.status,
        data={"request": locked.reference, "force": force.pk},
    )
    notifications.task_created(task=task, event=event)
    signals.task_moved.send(sender=Task, task=task, action="task", actor=actor)
    return task


def refuse_under_expired_approval(task: Task) -> None:
    """No work under an expired approval: accepting, starting, reporting and completing are refused (409
    approval_expired) until the HC renews it. Says why and who to call."""
    decision = approval_expired_for(task)
    if decision is None or decision.valid_until is None:
        return
    contact = task.poc_name + (f", {task.poc_phone}" if task.poc_phone else "")
    raise TransitionNotAllowed(
        _(
            "The approval of this task was valid until %(date)s: it has expired, and the force may not work "
            "under it. Nothing was recorded. Call the humanitarian point of contact (%(contact)s) or the "
            "CMCoord officers: only the HC can renew the approval."
        )
        % {"date": date_format(decision.valid_until, "j M Y"), "contact": contact},
        code="approval_expired",
    )


def refuse_unacknowledged(task: Task) -> None:
    """A renewed or amended approval is acknowledged by the force before its next report (409)."""
    if acknowledgement_due(task) is not None:
        raise TransitionNotAllowed(
            _(
                "The approval of this task was renewed or amended: acknowledge its conditions and validity "
                "first. Nothing was recorded."
            ),
            code="acknowledgement_due",
        )


def _lock_task(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("request", "request__operation", "force")
        .get(pk=task.pk)
    )


def _act(
    *,
    task: Task,
    actor: User,
    action: str,
    comment: str = "",
    expected_status: str | None = None,
    fields: dict | None = None,
    check: Callable[[Task], dict] | None = None,
) -> Task:
    """Check the liaison officer and the task's move (lifecycle.TASK; then `check`, which may refuse and
    returns what the audit event records), move the request by its table, then the task (with the `fields`
    the step records, saved with the status)."""
    locked = _lock_task(task)
    if not permissions.is_force_liaison(actor, locked):
        raise TransitionNotAllowed(
            _("Only the liaison officers of the tasked force can do this."), code="role_not_allowed"
        )
    if expected_status and locked.status != expected_status:
        raise ConcurrentChange(
            _(
                "Someone else changed this task meanwhile: its status is now “%(status)s”. "
                "Nothing was done; look again and retry."
            )
            % {"status": locked.get_status_display()}
        )
    operation = locked.request.operation
    # The task's table refuses first: a refused step must not move the request either.
    lifecycle.TASK.check(state=locked.status, action=action, role=role_of(actor, operation))
    if action in ("accept", "start", "complete"):
        refuse_under_expired_approval(locked)
        refuse_unacknowledged(locked)
    data = check(locked) if check is not None else {}
    transition(action=action, rfa=locked.request, actor=actor, comment=comment)
    move(
        machine=lifecycle.TASK,
        obj=locked,
        action=action,
        actor=actor,
        operation=operation,
        verb=f"task.{action}",
        comment=comment,
        fields={"updated_at": timezone.now(), **(fields or {})},
        data=data,
    )
    signals.task_moved.send(sender=Task, task=locked, action=action, actor=actor)
    return locked


@transaction.atomic
def task_accept(
    *, task: Task, actor: User, conditions_confirmed: bool, expected_status: str | None = None
) -> Task:
    """A liaison officer of the force accepts the task, confirming the conditions and validity of its
    approval (recorded on the audit event as they stood)."""

    def confirmed(locked: Task) -> dict:
        if not conditions_confirmed:
            raise ConditionsNotConfirmed(
                _("Confirm that the force will respect the conditions and validity of the approval.")
            )
        approval = current_decision(locked.request)
        if approval is None:
            return {"conditions_confirmed": []}
        return {
            "conditions_confirmed": list(approval.conditions or []),
            "valid_from": approval.valid_from.isoformat() if approval.valid_from else None,
            "valid_until": approval.valid_until.isoformat() if approval.valid_until else None,
        }

    accepted = _act(
        task=task,
        actor=actor,
        action="accept",
        expected_status=expected_status,
        fields={"accepted_at": timezone.now()},
        check=confirmed,
    )
    # Accepting acknowledges the approval in force: a later renewal or amendment is acknowledged again.
    approval = current_decision(accepted.request)
    if approval is not None and approval.is_approval:
        ConditionsAcknowledgement.objects.create(task=accepted, decision=approval, by=actor)
    return accepted


@transaction.atomic
def task_decline(*, task: Task, actor: User, reason: str, expected_status: str | None = None) -> Task:
    """A liaison officer of the force declines the task, saying why; the officer may task another force."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the force declines the task.")})
    return _act(
        task=task,
        actor=actor,
        action="decline",
        comment=reason,
        expected_status=expected_status,
        fields={"declined_at": timezone.now(), "decline_reason": reason},
    )


@transaction.atomic
def task_report_progress(*, task: Task, actor: User, text: str) -> TaskReport:
    """A liaison officer reports progress; the first report on an accepted task starts it."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the progress report.")})
    locked = _lock_task(task)
    if locked.status == TaskStatus.ACCEPTED:
        locked = _act(task=locked, actor=actor, action="start")
    elif not permissions.is_force_liaison(actor, locked):
        raise TransitionNotAllowed(
            _("Only the liaison officers of the tasked force can do this."), code="role_not_allowed"
        )
    elif locked.status != TaskStatus.IN_PROGRESS:
        raise TransitionNotAllowed(
            _("Progress is reported on a task in progress; the status of this one is “%(status)s”.")
            % {"status": locked.get_status_display()},
            code="not_allowed_in_state",
        )
    else:
        refuse_under_expired_approval(locked)
        refuse_unacknowledged(locked)
    report = TaskReport.objects.create(task=locked, text=text, by=actor)
    event = audit_record(
        actor=actor,
        operation=locked.request.operation,
        obj=locked.request,
        verb="task.report",
        comment=text,
        data={"task": locked.pk, "report": report.pk},
    )
    notifications.task_progress(task=locked, report=report, event=event)
    return report


@transaction.atomic
def task_acknowledge(*, task: Task, actor: User, decision_pk: int) -> ConditionsAcknowledgement:
    """A liaison officer of the force acknowledges the renewed or amended approval in force (`decision_pk`:
    the decision they read; a newer one must be read first). Recorded with who and when; once per decision."""
    locked = _lock_task(task)
    if not permissions.is_force_liaison(actor, locked):
        raise TransitionNotAllowed(
            _("Only the liaison officers of the tasked force can do this."), code="role_not_allowed"
        )
    due = acknowledgement_due(locked)
    if due is None:
        raise TransitionNotAllowed(
            _("There is no new approval to acknowledge on this task."), code="nothing_to_acknowledge"
        )
    if due.pk != decision_pk:
        raise ConcurrentChange(
            _("The approval was changed again meanwhile: read it, then acknowledge. Nothing was recorded.")
        )
    acknowledgement = ConditionsAcknowledgement.objects.create(task=locked, decision=due, by=actor)
    audit_record(
        actor=actor,
        operation=locked.request.operation,
        obj=locked.request,
        verb="task.acknowledge",
        data={
            "task": locked.pk,
            "decision": due.pk,
            "conditions": list(due.conditions or []),
            "valid_from": due.valid_from.isoformat() if due.valid_from else None,
            "valid_until": due.valid_until.isoformat() if due.valid_until else None,
        },
    )
    return acknowledgement


@transaction.atomic
def task_complete(
    *,
    task: Task,
    actor: User,
    completed_on: datetime.date | None,
    delivered: str,
    notes: str = "",
    expected_status: str | None = None,
) -> Task:
    """A liaison officer reports the task complete: the date, what was delivered, notes."""
    errors = {}
    if completed_on is None:
        errors["completed_on"] = _("Give the date the task was completed.")
    elif completed_on > timezone.localdate():
        errors["completed_on"] = _("The completion date cannot be in the future.")
    if not delivered.strip():
        errors["delivered"] = _("Say what was delivered.")
    if errors:
        raise ValidationError(errors)
    return _act(
        task=task,
        actor=actor,
        action="complete",
        comment=delivered.strip(),
        expected_status=expected_status,
        fields={"completed_on": completed_on, "delivered": delivered.strip(), "notes": notes.strip()},
    )


def tasks_cancel_for_request(*, rfa: AssistanceRequest, actor: User | None, reason: str) -> int:
    """Cancel the running task of a request the officer cancelled (inside the cancelling transaction)."""
    cancelled = 0
    for task in Task.objects.select_for_update().filter(request=rfa, status__in=ACTIVE_TASK_STATES):
        event = move(
            machine=lifecycle.TASK,
            obj=task,
            action="cancel",
            actor=actor,
            operation=rfa.operation,
            verb="task.cancel",
            comment=reason,
            fields={"updated_at": timezone.now()},
        )
        notifications.task_cancelled(task=task, event=event)
        signals.task_moved.send(sender=Task, task=task, action="cancel", actor=actor)
        cancelled += 1
    return cancelled


@transaction.atomic
def task_flag_expired_approval(*, task_pk: int) -> bool:
    """Flag a running task whose approval has expired, for the officer and the force (the system acts).

    A conditional update: run twice, the task is flagged and audited once.
    """
    task = Task.objects.select_related("request", "request__operation").filter(pk=task_pk).first()
    if task is None:
        return False
    decision = current_decision(task.request)
    if decision is None or decision.valid_until is None or decision.valid_until >= timezone.localdate():
        return False
    flagged = Task.objects.filter(pk=task_pk, approval_expired=False, status__in=ACTIVE_TASK_STATES).update(
        approval_expired=True, updated_at=timezone.now()
    )
    if not flagged:
        return False
    task.refresh_from_db()
    event = audit_record(
        actor=None,
        operation=task.request.operation,
        obj=task.request,
        verb="task.approval_expired",
        comment=f"The approval was valid until {decision.valid_until:%d %b %Y}; the task of "
        f"{task.force.short_name} runs under an expired approval.",
        data={"task": task.pk},
    )
    notifications.task_flagged(task=task, decision=decision, event=event)
    return True
