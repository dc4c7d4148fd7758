"""Who may see and do what with maps: the one place the pages and the API ask.

- every member of an operation sees its map; what is drawn on it is what they may see elsewhere: humanitarian
  users the requests they may see (requests/permissions.py) and their tasks; a military liaison officer only
  their force's tasks, with only the fields a force may see;
- the gazetteer and the uploaded layers are the operation's common reference: every member sees them;
- CMCoord officers add places and upload or withdraw layers, while the operation is open;
- anyone else, and every other operation: nothing (404).
"""

from django.http import Http404

from cmcoord.models import HUMANITARIAN_ROLES, Operation, Role
from cmcoord.permissions import role_in

from .models import MapLayer


def can_view_map(user, operation) -> bool:
    """Any member of the operation (what the map shows then depends on the role)."""
    return operation is not None and role_in(user, operation) is not None


def sees_requests(user, operation) -> bool:
    """Humanitarian members see requests on the map; military users see tasks only."""
    return role_in(user, operation) in HUMANITARIAN_ROLES


def can_manage(user, operation) -> bool:
    """CMCoord officers keep the gazetteer and the layers of an open operation."""
    return (
        operation is not None
        and role_in(user, operation) == Role.CMCOORD_OFFICER
        and operation.status != Operation.Status.CLOSED
    )


def get_layer_for_user(user, operation, pk) -> MapLayer:
    """A shown layer of the operation, or 404 when the user may not see the operation's map."""
    if not can_view_map(user, operation):
        raise Http404("No such layer.")
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such layer.") from None
    layer = MapLayer.objects.shown().filter(operation=operation, pk=pk).first()
    if layer is None:
        raise Http404("No such layer.")
    return layer
