from django.utils.functional import SimpleLazyObject

from . import registry
from .models import Operation, Role
from .notifications import unread_count
from .permissions import role_in, roles_by_operation


def operation(request):
    """The current operation, the user's role in it, their other operations and the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    op = getattr(request, "operation", None)
    op = op if op else None  # resolve the lazy object; an empty one is None
    role = role_in(user, op) if op else None
    others = Operation.objects.filter(pk__in=list(roles_by_operation(user))).order_by("name")
    return {
        "current_operation": op,
        "current_role": role,
        "current_role_label": Role(role).label if role else "",
        "user_operations": others,
        "nav_items": registry.nav_items(user, op, role),
    }


def notifications(request):
    """The unread count of the header: one cheap query, and only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
