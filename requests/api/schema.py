"""What the request, HCT and task endpoints share: the one error shape, and the request a humanitarian user
may deliberate on."""

from django.http import Http404
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from .. import permissions
from ..models import AssistanceRequest

ERROR = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)


def humanitarian_request(user, pk) -> AssistanceRequest:
    """A request the user may see and whose decisions they may read, or 404."""
    rfa = permissions.get_request_for_user(user, pk)
    if not permissions.can_see_decisions(user, rfa):
        raise Http404("No such request.")
    return rfa
