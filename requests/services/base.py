"""The one function that moves anything with states in requests (move: check the table, change the state,
audit), and the request's transition built on it (lock, the request's own conditions, move, tell who must
hear of it). Every service of requests changes a request's, a task's or an HCT procedure's state through move.
"""

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import ConcurrentChange, Text, TransitionNotAllowed
from cmcoord.models import AuditEvent, Operation, User
from cmcoord.permissions import role_in
from cmcoord.services import audit_record

from .. import lifecycle, notifications, selectors
from ..models import AssistanceRequest


def require(allowed: bool, message: Text, code: str) -> None:
    if not allowed:
        raise TransitionNotAllowed(message, code=code)


def lock_request(rfa: AssistanceRequest) -> AssistanceRequest:
    return (
        AssistanceRequest.objects.select_for_update(of=("self",))
        .select_related("operation", "organization")
        .get(pk=rfa.pk)
    )


def role_of(actor: User | None, operation: Operation) -> str | None:
    """The role the tables know the actor by: SYSTEM when no person acts."""
    return lifecycle.SYSTEM if actor is None else role_in(actor, operation)


def move(
    *,
    machine: lifecycle.Machine,
    obj: models.Model,
    action: str,
    actor: User | None,
    operation: Operation,
    verb: str,
    audit_obj: models.Model | None = None,
    comment: str = "",
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Move a row the caller has locked: check (state, action, role) against the machine's table, set the new
    state and `fields`, save them, and write the audit event (who, from, to, why) on `audit_obj` (default the
    row). Inside the caller's transaction; a refusal raises TransitionNotAllowed and changes nothing."""
    source = getattr(obj, machine.field)
    target = machine.check(state=source, action=action, role=role_of(actor, operation))
    setattr(obj, machine.field, target)
    for name, value in (fields or {}).items():
        setattr(obj, name, value)
    obj.save(update_fields=[machine.field, *(fields or {})])
    return audit_record(
        actor=actor,
        operation=operation,
        obj=audit_obj if audit_obj is not None else obj,
        verb=verb,
        from_state=source,
        to_state=target,
        comment=comment,
        data=data,
    )


def transition_check(
    *,
    action: str,
    rfa: AssistanceRequest,
    actor: User | None,
    comment: str = "",
    expected_status: str | None = None,
) -> AssistanceRequest:
    """Lock the request and check the move (the table and the request's own conditions) without making it:
    what a service writing something else first (an HCT procedure) asks before it writes anything. Inside
    the caller's transaction; returns the locked row."""
    locked = lock_request(rfa)
    if expected_status and locked.status != expected_status:
        raise ConcurrentChange(
            _(
                "Someone else changed this request meanwhile: its status is now “%(status)s”. "
                "Nothing was done; look again and retry."
            )
            % {"status": locked.get_status_display()},
        )
    role = role_of(actor, locked.operation)
    spec = lifecycle.ACTIONS.get(action)
    unanswered = (
        [gettext(v.title) for v in selectors.unanswered_criteria(locked)]
        if spec is not None and spec.needs_full_assessment
        else []
    )
    lifecycle.check(rfa=locked, action=action, role=role, user=actor, comment=comment, unanswered=unanswered)
    return locked


def transition(
    *,
    action: str,
    rfa: AssistanceRequest,
    actor: User | None,
    comment: str = "",
    expected_status: str | None = None,
    stamp: Callable[[AssistanceRequest], list[str]] | None = None,
    data: dict | None = None,
) -> AssistanceRequest:
    """Move a request: lock the row, check the move (the table and the request's own conditions), change the
    status, audit it and tell who must hear of it; all or nothing."""
    with transaction.atomic():
        locked = transition_check(
            action=action, rfa=rfa, actor=actor, comment=comment, expected_status=expected_status
        )
        stamped = stamp(locked) if stamp else []
        event = move(
            machine=lifecycle.REQUEST,
            obj=locked,
            action=action,
            actor=actor,
            operation=locked.operation,
            verb=f"request.{action}",
            comment=comment.strip(),
            fields={"updated_at": timezone.now(), **{name: getattr(locked, name) for name in stamped}},
            data=data,
        )
        notifications.on_transition(rfa=locked, action=action, event=event, comment=comment)
    rfa.refresh_from_db()
    return locked
