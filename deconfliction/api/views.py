"""The API of humanitarian notification: the same selectors, permissions and services as the pages."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cmcoord.api.renderers import FileRenderer
from cmcoord.api.schema import ERROR
from cmcoord.models import Organization
from cmcoord.permissions import get_operation_for_user

from .. import exports, permissions, selectors, services
from ..models import Acknowledgement, Kind, RouteLeg, Transmission
from .serializers import (
    AcknowledgeSerializer,
    ConcernInputSerializer,
    ConcernSerializer,
    CreateSerializer,
    HumanitarianNotificationDetailSerializer,
    HumanitarianNotificationSerializer,
    ReceivedSerializer,
    TransmitSerializer,
    VersionInputSerializer,
    WithdrawSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Invalid input: {code, detail, fields}."),
    404: OpenApiResponse(description="No such object, or not yours to see."),
    409: OpenApiResponse(description="Refused by the table of moves: {code, detail}; nothing changed."),
}


def _version_input(data: dict) -> tuple[dict, list]:
    legs = [dict(leg) for leg in data.pop("legs", [])]
    data.pop("expected_status", None)
    return data, legs


@extend_schema(tags=["humanitarian notification"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("operation", int, description="Only this operation (its id)."),
            OpenApiParameter(
                "kind", str, enum=list(Kind.values), description="Only sites, or only movements."
            ),
        ]
    ),
    retrieve=extend_schema(responses=HumanitarianNotificationDetailSerializer),
)
class HumanitarianNotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Sites and movements notified to the parties (humanitarian users; a liaison officer sees none here)."""

    serializer_class = HumanitarianNotificationSerializer

    def get_queryset(self):
        operation = None
        if self.request.query_params.get("operation"):
            operation = get_operation_for_user(self.request.user, self.request.query_params["operation"])
        kind = self.request.query_params.get("kind", "")
        return selectors.notifications_for_user(
            self.request.user, operation, kind=kind if kind in Kind.values else ""
        ).prefetch_related(
            Prefetch("current_version__legs", queryset=RouteLeg.objects.order_by("order")),
            Prefetch(
                "transmissions",
                queryset=Transmission.objects.select_related("party").prefetch_related(
                    Prefetch("acknowledgements", queryset=Acknowledgement.objects.select_related("by"))
                ),
            ),
            "current_version__created_by",
        )

    def get_object(self):
        notification = permissions.get_notification_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=notification.pk)

    def _answer(self, notification, code=status.HTTP_200_OK):
        found = self.get_queryset().get(pk=notification.pk)
        data = HumanitarianNotificationSerializer(found).data
        if permissions.can_see_concerns(self.request.user, found):
            data["concerns"] = ConcernSerializer(
                selectors.notification_detail(found, with_concerns=True)["concerns"], many=True
            ).data
        return Response(data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @extend_schema(
        summary="Notify a site or a movement",
        request=CreateSerializer,
        responses={201: HumanitarianNotificationDetailSerializer, **ERRORS},
    )
    def create(self, request, *args, **kwargs):
        body = CreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        operation = get_operation_for_user(request.user, data.pop("operation"))
        if not permissions.can_create(request.user, operation):
            raise Http404("No such operation.")
        organization = Organization.objects.filter(pk=data.pop("organization")).first()
        if organization is None:
            raise serializers.ValidationError({"organization": ["No such organisation."]})
        kind = data.pop("kind")
        fields, legs = _version_input(data)
        notification = services.notification_submit(
            operation=operation,
            organization=organization,
            kind=kind,
            actor=request.user,
            fields=fields,
            legs=legs,
        )
        return self._answer(notification, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Update: a new version",
        request=VersionInputSerializer,
        responses={200: HumanitarianNotificationDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        notification = self.get_object()
        body = VersionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        expected = body.validated_data.get("expected_status")
        fields, legs = _version_input(dict(body.validated_data))
        services.notification_revise(
            notification=notification, actor=request.user, fields=fields, legs=legs, expected_status=expected
        )
        return self._answer(notification)

    @extend_schema(
        summary="Transmit to parties (CMCoord officers)",
        request=TransmitSerializer,
        responses={200: HumanitarianNotificationDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def transmit(self, request, pk=None):
        notification = self.get_object()
        body = TransmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        parties = list(Organization.objects.filter(pk__in=body.validated_data["parties"]))
        if len(parties) != len(set(body.validated_data["parties"])):
            raise serializers.ValidationError({"parties": ["No such organisation."]})
        services.notification_transmit(
            notification=notification,
            actor=request.user,
            parties=parties,
            expected_status=body.validated_data.get("expected_status"),
        )
        return self._answer(notification)

    @extend_schema(
        summary="Withdraw (deactivate a site, cancel a movement)",
        request=WithdrawSerializer,
        responses={200: HumanitarianNotificationDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        notification = self.get_object()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.notification_withdraw(
            notification=notification,
            actor=request.user,
            reason=body.validated_data["reason"],
            expected_status=body.validated_data.get("expected_status"),
        )
        return self._answer(notification)


@extend_schema(tags=["humanitarian notification"])
class ReceivedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What was transmitted to the user's force: current sites and upcoming movements, exactly as sent."""

    serializer_class = ReceivedSerializer

    def get_queryset(self):
        return selectors.received_for_party(self.request.user, None)

    def get_object(self):
        return permissions.get_transmission_for_party(self.request.user, self.kwargs["pk"])

    @extend_schema(
        summary="What was transmitted to your force, as CSV, GeoJSON or KML (in your language)",
        parameters=[
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(exports.FORMATS)),
            OpenApiParameter("operation", int, required=True),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/geo+json"): OpenApiTypes.BINARY,
            (200, "application/vnd.google-earth.kml+xml"): OpenApiTypes.BINARY,
            404: ERROR,
        },
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="export/<slug:fmt>",
        pagination_class=None,
        renderer_classes=[JSONRenderer, FileRenderer],
    )
    def export(self, request, fmt=None):
        operation = get_operation_for_user(request.user, request.query_params.get("operation"))
        if not permissions.is_party(request.user, operation) or fmt not in exports.FORMATS:
            raise Http404("No such export.")
        rows = selectors.received_rows(selectors.received_for_party(request.user, operation))
        return exports.FORMATS[fmt](rows, operation)

    @extend_schema(
        summary="Acknowledge receipt (the party's liaison officers)",
        request=AcknowledgeSerializer,
        responses={200: ReceivedSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        transmission = self.get_object()
        body = AcknowledgeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.transmission_acknowledge(
            transmission=transmission,
            actor=request.user,
            expected_status=body.validated_data.get("expected_status"),
        )
        return Response(ReceivedSerializer(self.get_object()).data)

    @extend_schema(
        summary="Send back a concern",
        request=ConcernInputSerializer,
        responses={200: ReceivedSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def concern(self, request, pk=None):
        transmission = self.get_object()
        body = ConcernInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.transmission_raise_concern(
            transmission=transmission, actor=request.user, text=body.validated_data["text"]
        )
        return Response(ReceivedSerializer(self.get_object()).data)
