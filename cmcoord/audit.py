"""The audit log's one writer: every service appends its event through audit_record, in its transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.translation import gettext as _

from .exceptions import OperationClosed
from .models import AuditEvent, Operation, User


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
