"""The audit log's one writer: every service appends its event through audit_record, in its transaction."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent, Operation, User


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
) -> AuditEvent:
    """Append one event; call it inside the transaction of the change it records."""
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
