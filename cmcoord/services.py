"""Writes of the core: memberships (the audit log's one writer, audit_record, lives in cmcoord.audit)."""

from django.db import transaction
from django.urls import reverse

from . import notifications
from .audit import audit_record
from .models import Membership, Operation, Role, User
from .permissions import sync_force_group

__all__ = ["audit_record", "membership_set"]


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
