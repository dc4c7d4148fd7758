from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from cmcoord.permissions import get_operation_for_user
from cmcoord.selectors import memberships_for_user, operations_for_user

from .serializers import MembershipSerializer, MeSerializer, OperationSerializer


class MeView(generics.GenericAPIView):
    """The signed-in user, their organisation and their role in each operation."""

    serializer_class = MeSerializer

    def get(self, request):
        user = request.user
        data = MeSerializer(user).data
        data["memberships"] = MembershipSerializer(memberships_for_user(user), many=True).data
        return Response(data)


class OperationViewSet(viewsets.ReadOnlyModelViewSet):
    """Operations the user holds a role in; any other is 404."""

    serializer_class = OperationSerializer

    def get_queryset(self):
        return operations_for_user(self.request.user)

    def get_object(self):
        return get_operation_for_user(self.request.user, self.kwargs["pk"])


@extend_schema(tags=["auth"], summary="Exchange a username and password for an API token")
class TokenView(ObtainAuthToken):
    pass
