"""The API's own accounts endpoints: exchange credentials for a named token, list and revoke one's tokens."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cmcoord.api.errors import error_response

from . import selectors, services
from .models import ApiToken
from .policy import mfa_required
from .throttles import AuthRateThrottle
from .views import lockout_response


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"))
    password = serializers.CharField(
        label=_("Password"), style={"input_type": "password"}, trim_whitespace=False
    )
    name = serializers.CharField(label=_("Device name"), max_length=100, required=False, default="API")
    otp = serializers.CharField(
        label=_("Second factor code"),
        max_length=16,
        required=False,
        allow_blank=True,
        help_text=_("Required for roles that sign in with a second factor: a code or a recovery code."),
    )


class ApiTokenSerializer(serializers.ModelSerializer):
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created", "expiry", "last_used_at", "is_expired"]
        read_only_fields = fields


class NewTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Shown once: only its digest is kept."))
    id = serializers.IntegerField()
    name = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


@extend_schema(
    tags=["auth"],
    summary="Exchange a username and password (and second factor) for a named API token",
    request=TokenRequestSerializer,
    responses={201: NewTokenSerializer},
)
class TokenView(APIView):
    """Locked for the client after the failure limit (django-axes), throttled per address."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]

    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        user = authenticate(django_request, username=data["username"], password=data["password"])
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request)
        if user is None or not user.is_active:
            return error_response(
                "invalid_credentials", str(_("Unable to log in with these credentials.")), 400
            )
        if mfa_required(user):
            if not any(True for _device in devices_for_user(user, confirmed=True)):
                return error_response(
                    "mfa_enrolment_required",
                    str(_("Set up your second factor in the web application first.")),
                    403,
                )
            otp = "".join((data.get("otp") or "").split())
            if not otp:
                return error_response(
                    "otp_required",
                    str(_("Your role signs in with a second factor.")),
                    400,
                    {"otp": [str(_("This field is required."))]},
                )
            if match_token(user, otp) is None:
                return error_response(
                    "otp_invalid",
                    str(_("This code is not right, or was already used.")),
                    400,
                    {"otp": [str(_("This code is not right, or was already used."))]},
                )
        token, raw = services.token_create(user=user, name=data["name"])
        return Response(
            {"token": raw, "id": token.pk, "name": token.name, "expiry": token.expiry},
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["auth"])
class TokenListView(generics.ListAPIView):
    """Your own API tokens (never the token itself: it was shown once)."""

    serializer_class = ApiTokenSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return selectors.tokens_for_user(self.request.user)


@extend_schema(tags=["auth"])
class TokenDetailView(generics.RetrieveDestroyAPIView):
    """One of your tokens; DELETE revokes it at once. Anyone else's is 404."""

    serializer_class = ApiTokenSerializer

    def get_object(self):
        return selectors.get_token_for_user(self.request.user, self.kwargs["pk"])

    def perform_destroy(self, instance):
        services.token_revoke(token=instance, actor=self.request.user)


@extend_schema(tags=["auth"], request=None, responses={204: None})
class LogoutEverywhereView(APIView):
    """End every session and revoke every token of the signed-in user (this one included)."""

    def post(self, request):
        services.logout_everywhere(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
