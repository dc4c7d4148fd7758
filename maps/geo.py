"""GeoJSON in and out: the validation of an uploaded layer, and the KML of what a map shows.

Pure functions (no database): the services store what parse_layer returns, the views serialise what the
selectors read.
"""

import json
import math
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import LAYER_GEOMETRIES

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
# How deep the coordinates of each geometry type nest: a position is depth 0.
DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def max_layer_bytes() -> int:
    return settings.MAP_LAYER_MAX_BYTES


def _invalid(message: str, code: str, **params) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code=code, params=params or None)]})


def _position_ok(position) -> bool:
    return (
        isinstance(position, list)
        and len(position) in (2, 3)
        and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in position)
        and -180 <= position[0] <= 180
        and -90 <= position[1] <= 90
    )


def _coordinates_ok(coordinates, depth: int) -> bool:
    if depth == 0:
        return _position_ok(coordinates)
    return (
        isinstance(coordinates, list)
        and len(coordinates) > 0
        and all(_coordinates_ok(c, depth - 1) for c in coordinates)
    )


def _scalar_properties(properties) -> dict:
    """Keep the properties a popup can show (strings, numbers, booleans), nothing nested."""
    if not isinstance(properties, dict):
        return {}
    return {
        str(k)[:80]: (v[:500] if isinstance(v, str) else v)
        for k, v in list(properties.items())[:30]
        if isinstance(v, str | int | float | bool) and not (isinstance(v, float) and not math.isfinite(v))
    }


def parse_layer(raw: bytes, *, kind: str) -> dict:
    """The uploaded bytes as a FeatureCollection the maps can draw, or a ValidationError saying what is wrong:
    too large, not JSON, not GeoJSON, a geometry this kind of layer does not hold, or bad coordinates."""
    limit = max_layer_bytes()
    if len(raw) > limit:
        raise _invalid(
            _("The file is %(size)s KB; a layer may be at most %(limit)s KB."),
            "layer_too_large",
            size=math.ceil(len(raw) / 1024),
            limit=limit // 1024,
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _invalid(
            _("The file is not JSON: upload a GeoJSON file (.geojson or .json)."), "layer_not_json"
        ) from None
    if isinstance(data, dict) and data.get("type") in GEOMETRY_TYPES:
        data = {"type": "Feature", "properties": {}, "geometry": data}
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise _invalid(
            _("The file is JSON but not GeoJSON: it needs a FeatureCollection, a Feature or a geometry."),
            "layer_not_geojson",
        )
    if not data["features"]:
        raise _invalid(_("The layer has no features."), "layer_empty")
    if len(data["features"]) > settings.MAP_LAYER_MAX_FEATURES:
        raise _invalid(
            _("The layer has %(count)s features; at most %(limit)s are accepted."),
            "layer_too_many_features",
            count=len(data["features"]),
            limit=settings.MAP_LAYER_MAX_FEATURES,
        )
    allowed = LAYER_GEOMETRIES.get(kind, GEOMETRY_TYPES)
    features = []
    for number, feature in enumerate(data["features"], 1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        gtype = geometry.get("type") if isinstance(geometry, dict) else None
        if not isinstance(feature, dict) or feature.get("type") != "Feature" or gtype not in GEOMETRY_TYPES:
            raise _invalid(
                _("Feature %(number)s is not a GeoJSON feature with a geometry."),
                "layer_not_geojson",
                number=number,
            )
        if gtype not in allowed:
            raise _invalid(
                _("Feature %(number)s is a %(type)s; this kind of layer holds only %(allowed)s."),
                "layer_wrong_geometry",
                number=number,
                type=gtype,
                allowed=", ".join(sorted(allowed)),
            )
        if not _coordinates_ok(geometry.get("coordinates"), DEPTH[gtype]):
            raise _invalid(
                _(
                    "Feature %(number)s has coordinates that are not longitude, latitude pairs in WGS84 "
                    "(longitude −180 to 180, latitude −90 to 90)."
                ),
                "layer_bad_coordinates",
                number=number,
            )
        features.append(
            {
                "type": "Feature",
                "properties": _scalar_properties(feature.get("properties")),
                "geometry": {"type": gtype, "coordinates": geometry["coordinates"]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


# Out: KML of the features a map shows (LineStrings of legs, Points of places).


def _kml_coordinates(coordinates) -> str:
    if coordinates and isinstance(coordinates[0], int | float):
        return f"{coordinates[0]},{coordinates[1]},0"
    return " ".join(_kml_coordinates(c) for c in coordinates)


def _kml_geometry(geometry: dict) -> str:
    gtype, coordinates = geometry["type"], geometry["coordinates"]
    if gtype == "Point":
        return f"<Point><coordinates>{_kml_coordinates(coordinates)}</coordinates></Point>"
    if gtype == "LineString":
        return (
            "<LineString><tessellate>1</tessellate>"
            f"<coordinates>{_kml_coordinates(coordinates)}</coordinates></LineString>"
        )
    raise ValueError(f"No KML for {gtype}")


def kml_document(collection: dict, *, name: str) -> str:
    """A KML 2.2 document with one Placemark per feature; every property as ExtendedData."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
        f"<name>{escape(name)}</name>",
    ]
    for feature in collection["features"]:
        props = feature["properties"]
        data = "".join(
            f'<Data name="{escape(str(k), {chr(34): "&quot;"})}"><value>{escape(str(v))}</value></Data>'
            for k, v in props.items()
            if v is not None
        )
        parts.append(
            f"<Placemark><name>{escape(str(props.get('name', '')))}</name>"
            f"<ExtendedData>{data}</ExtendedData>{_kml_geometry(feature['geometry'])}</Placemark>"
        )
    parts.append("</Document></kml>")
    return "".join(parts)
