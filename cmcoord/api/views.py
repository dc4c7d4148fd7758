from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cmcoord import notifications
from cmcoord.models import Notification
from cmcoord.permissions import get_operation_for_user
from cmcoord.selectors import memberships_for_user, operations_for_user

from .parsers import StrictJSONParser
from .schema import ERROR
from .serializers import (
    MembershipSerializer,
    MeSerializer,
    NotificationPreferencesSerializer,
    NotificationPreferencesUpdateSerializer,
    NotificationSerializer,
    OperationSerializer,
)


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


MARKED = inline_serializer(
    "NotificationsMarked", {"marked": serializers.IntegerField(help_text="How many were unread.")}
)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("unread", bool, description="Unread ones only.")])
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in user's notifications, newest first (?unread=1: unread only); anyone else's is 404."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema has no user
            return Notification.objects.none()
        queryset = notifications.notifications_for_user(self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    def get_object(self):
        return notifications.get_notification_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, pk=None, format=None):
        """Mark one notification read."""
        notification = notifications.notification_mark_read(notification=self.get_object(), user=request.user)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: MARKED})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request, format=None):
        """Mark every notification of the signed-in user read."""
        return Response({"marked": notifications.notifications_mark_all_read(user=request.user)})


class NotificationPreferencesView(generics.GenericAPIView):
    """How the signed-in user hears of each kind of event (email now, daily digest, in the application only)
    and the language of their emails: the preferences page."""

    serializer_class = NotificationPreferencesSerializer
    parser_classes = [StrictJSONParser]

    def _answer(self, user) -> Response:
        channels = notifications.channels_for_user(user)
        kinds = [
            {"kind": k.key, "label": str(k.label), "channel": channels[k.key]} for k in notifications.kinds()
        ]
        return Response(NotificationPreferencesSerializer({"language": user.language, "kinds": kinds}).data)

    @extend_schema(responses={200: NotificationPreferencesSerializer})
    def get(self, request):
        return self._answer(request.user)

    @extend_schema(
        request=NotificationPreferencesUpdateSerializer,
        responses={200: NotificationPreferencesSerializer, 400: ERROR},
    )
    def patch(self, request):
        body = NotificationPreferencesUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = request.user
        notifications.notification_preferences_set(
            user=user,
            channels=body.validated_data.get("channels", {}),
            language=body.validated_data.get("language"),
        )
        return self._answer(user)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, for signed-in users only; its errors are JSON like every other API error."""

    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class DocsView(SpectacularSwaggerSplitView):
    """The interactive docs, for signed-in users only; the page's script is served from our origin."""

    permission_classes = [IsAuthenticated]
    template_name = "api/docs.html"

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
