"""The maps API: the same features, exports, gazetteer and layers as the pages, under the same permissions."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cmcoord.api.errors import error_response
from cmcoord.api.parsers import StrictJSONParser
from cmcoord.permissions import get_operation_for_user

from .. import geo, permissions, selectors, services
from ..models import LayerKind, MapLayer, Place
from ..views import GEOJSON, KML, export_response

OPERATION = OpenApiParameter("operation", OpenApiTypes.INT, required=True, description="The operation's id.")
FILTERS = [
    OPERATION,
    OpenApiParameter("status", OpenApiTypes.STR, many=True, description="Request statuses (repeatable)."),
    OpenApiParameter("priority", OpenApiTypes.STR, many=True, description="Priorities (repeatable)."),
    OpenApiParameter("show", OpenApiTypes.STR, many=True, enum=["requests", "tasks"]),
]


# A GeoJSON FeatureCollection of LineStrings, one per leg (maps/selectors.py); the properties of a feature are
# those a request or a task shows on the map (what a force may see, for a force).
FEATURE_COLLECTION = inline_serializer(
    "LegFeatureCollection",
    {
        "type": serializers.ChoiceField(choices=["FeatureCollection"]),
        "features": inline_serializer(
            "LegFeature",
            {
                "type": serializers.ChoiceField(choices=["Feature"]),
                "properties": serializers.DictField(help_text="The request's or the task's fields shown."),
                "geometry": inline_serializer(
                    "LineString",
                    {
                        "type": serializers.ChoiceField(choices=["LineString"]),
                        "coordinates": serializers.ListField(
                            child=serializers.ListField(child=serializers.FloatField()),
                            help_text="[longitude, latitude] of each end.",
                        ),
                    },
                ),
            },
            many=True,
        ),
    },
)
EXPORTS = {
    (200, GEOJSON): FEATURE_COLLECTION,
    (200, KML): OpenApiTypes.BINARY,
}


def _operation(request, value=None):
    """The operation named in the request, or 404 when the user may not see its map."""
    operation = get_operation_for_user(request.user, value or request.query_params.get("operation"))
    if not permissions.can_view_map(request.user, operation):
        raise Http404("No map here.")
    return operation


def _features(request):
    operation = _operation(request)
    data = selectors.map_data(request.user, operation, selectors.MapFilter.from_query(request.query_params))
    return operation, data.geojson()


def _validation_error(error: ValidationError) -> Response:
    codes = (
        [e.code for errors in error.error_dict.values() for e in errors]
        if hasattr(error, "error_dict")
        else []
    )
    return error_response(
        codes[0] if codes and codes[0] else "invalid",
        error.message_dict[next(iter(error.message_dict))][0]
        if hasattr(error, "error_dict")
        else error.messages[0],
        status.HTTP_400_BAD_REQUEST,
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages},
    )


class FeaturesView(APIView):
    """The operation map's features as a GeoJSON FeatureCollection: one LineString per leg of each request you
    may see and of each running task you may see (a force: only its own, with what a force may see)."""

    @extend_schema(parameters=FILTERS, responses={(200, GEOJSON): FEATURE_COLLECTION}, tags=["maps"])
    def get(self, request):
        _, collection = _features(request)
        return Response(collection, content_type="application/geo+json")


class ExportView(APIView):
    """The same features as a download: GeoJSON or KML."""

    @extend_schema(
        parameters=[*FILTERS, OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["geojson", "kml"])],
        responses=EXPORTS,
        tags=["maps"],
    )
    def get(self, request, fmt: str):
        operation, collection = _features(request)
        return export_response(collection, operation=operation, fmt=fmt)


@extend_schema_serializer(component_name="MapPlace")
class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["id", "name", "kind", "lat", "lon"]


@extend_schema_serializer(component_name="MapPlaceCreate")
class PlaceCreateSerializer(PlaceSerializer):
    operation = serializers.IntegerField()

    class Meta(PlaceSerializer.Meta):
        fields = ["operation", "name", "kind", "lat", "lon"]
        validators: list = []


class GazetteerEntrySerializer(serializers.Serializer):
    name = serializers.CharField()
    lat = serializers.DecimalField(max_digits=8, decimal_places=5)
    lon = serializers.DecimalField(max_digits=9, decimal_places=5)
    kind = serializers.CharField()
    added = serializers.BooleanField(help_text="Added by an officer (else: used before in a request).")


class PlacesView(APIView):
    """The operation's gazetteer (GET); officers add a place (POST)."""

    parser_classes = [StrictJSONParser]

    @extend_schema(
        parameters=[OPERATION], responses={200: GazetteerEntrySerializer(many=True)}, tags=["maps"]
    )
    def get(self, request):
        operation = _operation(request)
        return Response(
            GazetteerEntrySerializer(selectors.gazetteer_for(request.user, operation), many=True).data
        )

    @extend_schema(request=PlaceCreateSerializer, responses={201: PlaceSerializer}, tags=["maps"])
    def post(self, request):
        operation = _operation(request, request.data.get("operation"))
        if not permissions.can_manage(request.user, operation):
            raise PermissionDenied(_("Your role does not allow adding places in this operation."))
        serializer = PlaceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("operation")
        try:
            place = services.place_add(operation=operation, actor=request.user, **data)
        except ValidationError as error:
            return _validation_error(error)
        return Response(PlaceSerializer(place).data, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="MapLayer")
class LayerSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = MapLayer
        fields = ["id", "name", "kind", "source", "feature_count", "size_bytes", "uploaded_at", "url"]

    def get_url(self, layer) -> str:
        from django.urls import reverse

        return reverse("maps:layer", args=[layer.pk])


@extend_schema_serializer(component_name="MapLayerUpload")
class LayerUploadSerializer(serializers.Serializer):
    operation = serializers.IntegerField()
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=LayerKind.choices)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    file = serializers.FileField(help_text="GeoJSON, WGS84, at most MAP_LAYER_MAX_BYTES.")


class LayersView(APIView):
    """The operation's uploaded layers (GET, without geometry); officers upload one (POST, multipart)."""

    parser_classes = [MultiPartParser]  # a file: the one body that is not JSON

    @extend_schema(parameters=[OPERATION], responses={200: LayerSerializer(many=True)}, tags=["maps"])
    def get(self, request):
        operation = _operation(request)
        return Response(LayerSerializer(selectors.layers_for(operation), many=True).data)

    @extend_schema(request=LayerUploadSerializer, responses={201: LayerSerializer}, tags=["maps"])
    def post(self, request):
        operation = _operation(request, request.data.get("operation"))
        if not permissions.can_manage(request.user, operation):
            raise PermissionDenied(_("Your role does not allow uploading layers in this operation."))
        serializer = LayerUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            layer = services.layer_upload(
                operation=operation,
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                source=data["source"],
                raw=data["file"].read(geo.max_layer_bytes() + 1),
            )
        except ValidationError as error:
            return _validation_error(error)
        return Response(LayerSerializer(layer).data, status=status.HTTP_201_CREATED)
