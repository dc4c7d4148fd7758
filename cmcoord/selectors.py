"""Reads of the core."""

from django.db.models import QuerySet

from .models import AuditEvent, Membership, Operation, User
from .permissions import visible_operations


def operations_for_user(user: User) -> QuerySet[Operation]:
    """The operations the user holds a role in, active first."""
    return visible_operations(user).order_by("status", "-start_date", "name")


def memberships_for_user(user: User) -> QuerySet[Membership]:
    """The user's roles, with their operations."""
    return Membership.objects.filter(user=user).select_related("operation").order_by("operation__name")


def events_for_object(obj) -> QuerySet[AuditEvent]:
    """The timeline of one object, oldest first, with actors."""
    return AuditEvent.objects.for_object(obj).select_related("actor", "actor__organization")
