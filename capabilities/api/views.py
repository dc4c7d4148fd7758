"""The capability registry over the API, with the same visibility as the pages (permissions.py)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cmcoord.api.errors import error_response
from cmcoord.api.renderers import FileRenderer
from cmcoord.api.schema import ERROR
from cmcoord.models import Organization
from cmcoord.permissions import get_operation_for_user

from .. import permissions, selectors, services
from ..exports import export_response
from ..models import Asset
from .serializers import AssetSerializer, AssetWriteSerializer, CapabilitySummarySerializer

OPERATION_PARAM = OpenApiParameter(
    "operation", int, description="Only this operation (default: every operation you hold a role in)."
)


@extend_schema_view(
    list=extend_schema(parameters=[OPERATION_PARAM]),
    # What a client sends (AssetWrite) is not what it gets back (Asset).
    create=extend_schema(request=AssetWriteSerializer, responses={201: AssetSerializer}),
    update=extend_schema(request=AssetWriteSerializer, responses={200: AssetSerializer}),
    partial_update=extend_schema(request=AssetWriteSerializer, responses={200: AssetSerializer}),
)
class AssetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Declared assets: a force's liaison officers see and edit their own; officers, the HCT and the HC see
    every force's; requesters and observers only the summary (`summary/`)."""

    filter_backends: list = []

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AssetWriteSerializer
        if self.action == "summary":
            return CapabilitySummarySerializer
        return AssetSerializer

    def _operation(self):
        value = self.request.query_params.get("operation")
        return get_operation_for_user(self.request.user, value) if value else None

    def get_queryset(self):
        qs = permissions.visible_assets(self.request.user, self._operation()).select_related("force")
        return qs.order_by("operation_id", "capability", "force__name", "pk")

    def get_object(self):
        asset = permissions.get_asset_for_user(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, asset)
        return asset

    def create(self, request, *args, **kwargs):
        serializer = AssetWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("operation") is None:
            return error_response(
                "invalid",
                _("The input is not valid."),
                status.HTTP_400_BAD_REQUEST,
                {"operation": [_("Name the operation the asset is offered in.")]},
            )
        operation = get_operation_for_user(request.user, data.pop("operation"))
        if not permissions.can_declare(request.user, operation):
            return error_response(
                "not_allowed", _("You cannot declare assets in this operation."), status.HTTP_403_FORBIDDEN
            )
        force_pk = data.pop("force", None)
        if permissions.declares_on_behalf(request.user, operation):
            force = Organization.objects.filter(pk=force_pk).first() if force_pk else None
            if force is None:
                return error_response(
                    "invalid",
                    _("The input is not valid."),
                    status.HTTP_400_BAD_REQUEST,
                    {"force": [_("Name the force you record the asset for.")]},
                )
        else:
            force = request.user.organization
        asset = services.asset_declare(operation=operation, actor=request.user, force=force, data=data)
        return Response(AssetSerializer(asset).data, status=status.HTTP_201_CREATED)

    def _editable(self):
        """The asset the user may change; 404 for anyone else, as on the pages."""
        asset = self.get_object()
        if not permissions.can_edit(self.request.user, asset):
            raise Http404("You cannot change this asset.")
        return asset

    def update(self, request, *args, **kwargs):
        asset = self._editable()
        serializer = AssetWriteSerializer(asset, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k not in ("operation", "force")}
        asset = services.asset_update(asset=asset, actor=request.user, data=data)
        return Response(AssetSerializer(asset).data)

    @extend_schema(
        parameters=[OpenApiParameter("operation", int, required=True)],
        responses=CapabilitySummarySerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        """Which capabilities exist in the operation (not which force): every member of the operation."""
        operation = get_operation_for_user(request.user, request.query_params.get("operation"))
        rows = selectors.capability_summary(operation)
        return Response(CapabilitySummarySerializer(rows, many=True).data)

    @extend_schema(
        summary="The registry as CSV: the assets you see, or the summary of capabilities",
        parameters=[OpenApiParameter("operation", int, required=True)],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, 404: ERROR},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="export/csv",
        pagination_class=None,
        renderer_classes=[JSONRenderer, FileRenderer],
    )
    def export_csv(self, request):
        operation = get_operation_for_user(request.user, request.query_params.get("operation"))
        if not permissions.can_view_registry(request.user, operation):
            raise Http404("No registry here.")
        return export_response(request.user, operation)

    @extend_schema(request=None, responses=AssetSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        asset = self._editable()
        asset = services.asset_withdraw(
            asset=asset, actor=request.user, comment=request.data.get("comment", "")
        )
        return Response(AssetSerializer(asset).data)

    @extend_schema(request=None, responses=AssetSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        asset = self._editable()
        asset = services.asset_restore(
            asset=asset, actor=request.user, comment=request.data.get("comment", "")
        )
        return Response(AssetSerializer(asset).data)


__all__ = ["AssetViewSet", "Asset"]
