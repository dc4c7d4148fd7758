"""Writes of the core: the audit log and memberships."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from . import notifications
from .exceptions import OperationClosed
from .models import AuditEvent, Membership, Operation, Role, User
from .permissions import sync_force_group


def ensure_operation_open(operation: Operation | int | None) -> None:
    """Refuse a write in a closed operation (a read-only archive); call it inside the write's transaction.

    Reads the status from the database, not from a copy loaded earlier, and (on PostgreSQL) holds a key-share
    lock on the operation's row until the write commits: closing, which locks the row for update, waits for
    writes already under way, and every write after it sees the operation closed.
    """
    if operation is None:
        return
    op_id = operation if isinstance(operation, int) else operation.pk
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT status FROM {Operation._meta.db_table} WHERE id = %s FOR KEY SHARE",  # noqa: S608
                [op_id],
            )
            row = cursor.fetchone()
        status = row[0] if row else None
    else:
        status = Operation.objects.filter(pk=op_id).values_list("status", flat=True).first()
    if status == Operation.Status.CLOSED:
        raise OperationClosed(
            _("This operation is closed: it is a read-only archive, nothing new is written in it.")
        )


def audit_record(
    *,
    actor: User | None,
    operation: Operation | None,
    obj,
    verb: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
    allow_closed: bool = False,
) -> AuditEvent:
    """Append one event; call it inside the transaction of the change it records.

    Every write of every app records an event here, so this is where a write in a closed operation is
    refused (OperationClosed rolls the write back). Only the operation's own reopening passes allow_closed.
    """
    if not allow_closed:
        ensure_operation_open(operation)
    return AuditEvent.objects.create(
        actor=actor,
        operation=operation,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )


@transaction.atomic
def membership_set(*, operation: Operation, user: User, role: str, actor: User | None) -> Membership:
    """Give the user a role in the operation (or change it); validated, and audited."""
    membership = Membership.objects.select_for_update().filter(operation=operation, user=user).first()
    old_role = membership.role if membership else ""
    if membership is None:
        membership = Membership(operation=operation, user=user, role=role)
    else:
        membership.role = role
    membership.full_clean(validate_unique=False)
    membership.save()
    sync_force_group(operation=operation, user=user, role=role)
    if old_role != role:
        event = audit_record(
            actor=actor,
            operation=operation,
            obj=membership,
            verb="membership.set",
            from_state=old_role,
            to_state=role,
        )
        # Only the operation and the role: nothing about who else takes part, nor who made the change.
        notifications.notify(
            kind=notifications.MEMBERSHIP_GRANTED,
            recipients=[user],
            operation=operation,
            context={"role": role, "role_label": Role(role).label, "previous_role": old_role},
            link=reverse("operation-detail", args=[operation.pk]),
            dedupe_key=f"audit:{event.pk}",
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User | None) -> None:
    """Take the user's role in the operation away; audited."""
    audit_record(
        actor=actor,
        operation=membership.operation,
        obj=membership,
        verb="membership.remove",
        from_state=membership.role,
    )
    sync_force_group(operation=membership.operation, user=membership.user, role=None)
    membership.delete()


def user_language_set(*, user: User, language: str) -> None:
    """Remember the language the user reads pages and notifications in."""
    if language not in User.Language.values:
        raise ValueError(f"Unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
