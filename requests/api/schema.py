"""What the request, HCT and task endpoints share: the one error shape, and the request a humanitarian user
may deliberate on."""

from django.http import Http404

from cmcoord.api.schema import ERROR, ApiErrorSerializer

from .. import permissions
from ..models import AssistanceRequest

__all__ = ["ERROR", "ApiErrorSerializer", "humanitarian_request"]


def humanitarian_request(user, pk) -> AssistanceRequest:
    """A request the user may see and whose decisions they may read, or 404."""
    rfa = permissions.get_request_for_user(user, pk)
    if not permissions.can_see_decisions(user, rfa):
        raise Http404("No such request.")
    return rfa
