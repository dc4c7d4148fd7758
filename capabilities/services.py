"""Writes of the capabilities of the forces. Each function is atomic, checks who acts (permissions.py) and
the move (lifecycle.py), and writes its audit event (cmcoord's audit log) in the same transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cmcoord.audit import audit_record
from cmcoord.exceptions import DomainError, TransitionNotAllowed
from cmcoord.models import Operation, Organization, Role, User
from cmcoord.permissions import role_in

from . import lifecycle, permissions
from .models import Asset, AssetConstraint, Assignment

# What a person may set on an asset (status, marks and authorship are the services').
EDITABLE_FIELDS = (
    "capability",
    "description",
    "quantity",
    "passengers",
    "payload_kg",
    "volume_m3",
    "range_km",
    "base_name",
    "base_lat",
    "base_lon",
    "available_from",
    "available_until",
    "notice_hours",
    "constraints",
    "other_constraints",
    "source",
)


def _check_data(data: dict) -> dict:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    constraints = data.get("constraints")
    if constraints is not None:
        bad = [c for c in constraints if c not in AssetConstraint.values]
        if bad:
            raise ValidationError(
                {"constraints": _("Unknown constraint: %(codes)s.") % {"codes": ", ".join(bad)}}
            )
        data = {**data, "constraints": sorted(set(constraints))}
    return data


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str | list):
        return value
    return str(value)


@transaction.atomic
def asset_declare(*, operation: Operation, actor: User, force: Organization, data: dict) -> Asset:
    """A force's liaison officer declares one of its assets; an officer records one on a force's behalf."""
    if not permissions.can_declare(actor, operation):
        raise DomainError(_("You cannot declare assets in this operation."), code="not_allowed")
    on_behalf = permissions.declares_on_behalf(actor, operation)
    if not on_behalf and force.pk != actor.organization_id:
        raise ValidationError({"force": _("A liaison officer declares the assets of their own force only.")})
    if not (force.is_military and operation.organizations.filter(pk=force.pk).exists()):
        raise ValidationError({"force": _("Choose a military organisation taking part in the operation.")})
    data = _check_data(data)
    asset = Asset(operation=operation, force=force, recorded_by=actor, on_behalf=on_behalf, **data)
    asset.full_clean()
    asset.save()
    audit_record(
        actor=actor,
        operation=operation,
        obj=asset,
        verb="asset.declare",
        to_state=asset.status,
        data={
            "force": force.pk,
            "on_behalf": on_behalf,
            **{name: _jsonable(getattr(asset, name)) for name in data},
        },
    )
    return asset


def _lock(asset: Asset) -> Asset:
    return Asset.objects.select_for_update(of=("self",)).select_related("operation", "force").get(pk=asset.pk)


@transaction.atomic
def asset_update(*, asset: Asset, actor: User, data: dict) -> Asset:
    """The force (or an officer on its behalf) changes what it declared; the changed fields are audited."""
    locked = _lock(asset)
    if not permissions.can_edit(actor, locked):
        raise DomainError(_("You cannot change this asset."), code="not_allowed")
    data = _check_data(data)
    changes = {}
    for name, value in data.items():
        old = getattr(locked, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(locked, name, value)
    if not changes:
        return locked
    locked.full_clean()
    locked.updated_at = timezone.now()
    locked.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        operation=locked.operation,
        obj=locked,
        verb="asset.update",
        data={"changes": changes, "on_behalf": permissions.declares_on_behalf(actor, locked.operation)},
    )
    return locked


def _move(
    *, asset: Asset, action: str, actor: User | None, comment: str = "", data: dict | None = None
) -> Asset:
    """Move the locked asset by the one table, save the status and audit the move."""
    target = lifecycle.target(asset.status, action)
    if target is None:
        raise TransitionNotAllowed(
            _("An asset whose status is “%(status)s” cannot be moved this way.")
            % {"status": asset.get_status_display()},
            code="not_allowed_in_state",
        )
    source = asset.status
    asset.status = target
    asset.updated_at = timezone.now()
    asset.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        operation=asset.operation,
        obj=asset,
        verb=f"asset.{action}",
        from_state=source,
        to_state=target,
        comment=comment,
        data=data,
    )
    return asset


@transaction.atomic
def asset_withdraw(*, asset: Asset, actor: User, comment: str = "") -> Asset:
    """The force no longer offers the asset (it stays on record)."""
    locked = _lock(asset)
    if not permissions.can_edit(actor, locked):
        raise DomainError(_("You cannot change this asset."), code="not_allowed")
    return _move(asset=locked, action="withdraw", actor=actor, comment=comment.strip())


@transaction.atomic
def asset_restore(*, asset: Asset, actor: User, comment: str = "") -> Asset:
    """A withdrawn asset is offered again."""
    locked = _lock(asset)
    if not permissions.can_edit(actor, locked):
        raise DomainError(_("You cannot change this asset."), code="not_allowed")
    return _move(asset=locked, action="restore", actor=actor, comment=comment.strip())


# The commitment of an asset to a task, following the task (requests.signals.task_moved).


@transaction.atomic
def assignment_propose(*, task, asset: Asset, actor: User) -> Assignment:
    """The officer names the asset the force is tasked with (chosen from the ranked list)."""
    locked = _lock(asset)
    if role_in(actor, locked.operation_id) != Role.CMCOORD_OFFICER:
        raise DomainError(_("Only a CMCoord officer names the asset of a task."), code="not_allowed")
    if locked.force_id != task.force_id or locked.operation_id != task.request.operation_id:
        raise ValidationError({"asset": _("The asset is not one of the tasked force's in this operation.")})
    if locked.status == Asset.Status.WITHDRAWN:
        raise ValidationError({"asset": _("The asset was withdrawn.")})
    assignment = Assignment.objects.create(asset=locked, task=task)
    audit_record(
        actor=actor,
        operation=locked.operation,
        obj=locked,
        verb="asset.propose",
        to_state=assignment.state,
        data={"task": task.pk, "request": task.request.reference},
    )
    return assignment


def task_window(task) -> tuple[datetime.date, datetime.date]:
    """The days an accepted task holds its asset: from today (or the required-by date) for the expected
    duration, at least until the latest acceptable date."""
    rfa = task.request
    start = max(timezone.localdate(), rfa.required_by)
    end = max(start + datetime.timedelta(days=(rfa.duration_days or 1) - 1), rfa.latest_acceptable)
    return start, end


def assignment_commit(*, task, actor: User | None) -> Assignment | None:
    """The force accepted the task: its proposed asset is committed for the task's window (inside the
    accepting transaction)."""
    assignment = (
        Assignment.objects.select_for_update()
        .filter(task=task, state=Assignment.State.PROPOSED)
        .select_related("asset")
        .first()
    )
    if assignment is None:
        return None
    asset = _lock(assignment.asset)
    start, end = task_window(task)
    assignment.state = Assignment.State.COMMITTED
    assignment.committed_from, assignment.committed_until = start, end
    assignment.save(update_fields=["state", "committed_from", "committed_until"])
    data = {"task": task.pk, "from": start.isoformat(), "until": end.isoformat()}
    if asset.status == Asset.Status.AVAILABLE:
        _move(asset=asset, action="commit", actor=actor, data=data)
    else:
        audit_record(actor=actor, operation=asset.operation, obj=asset, verb="asset.commit_again", data=data)
    return assignment


def assignment_release(*, task, actor: User | None, why: str) -> Assignment | None:
    """The task is completed, declined or cancelled: its asset is freed (inside that transaction)."""
    assignment = (
        Assignment.objects.select_for_update()
        .filter(task=task)
        .exclude(state=Assignment.State.RELEASED)
        .select_related("asset")
        .first()
    )
    if assignment is None:
        return None
    was_committed = assignment.state == Assignment.State.COMMITTED
    assignment.state = Assignment.State.RELEASED
    assignment.save(update_fields=["state"])
    asset = _lock(assignment.asset)
    still_committed = Assignment.objects.filter(asset=asset, state=Assignment.State.COMMITTED).exists()
    data = {"task": task.pk, "why": why}
    if was_committed and asset.status == Asset.Status.COMMITTED and not still_committed:
        _move(asset=asset, action="release", actor=actor, data=data)
    else:
        audit_record(actor=actor, operation=asset.operation, obj=asset, verb="asset.unassign", data=data)
    return assignment
