"""Exports: a party's current sites and upcoming movements (CSV, GeoJSON, KML; labels in the reader's
language; only what was sent to the party), and the full record of one notification (CSV, to the second)."""

import csv
import datetime
import json
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _columns():
    return [
        _("Reference"),
        _("Kind"),
        _("Type"),
        _("Name or purpose"),
        _("Organisation"),
        _("From"),
        _("Until"),
        _("Places"),
        _("Markings"),
        _("Vehicles"),
        _("Call sign"),
        _("Contact for the parties"),
        _("Status"),
        _("Version"),
    ]


def _row(t) -> list:
    r = t.received
    places = "; ".join(f"{name} ({lat:.5f}, {lon:.5f})" for name, lat, lon in r.points())
    vehicles = ""
    if r.is_movement:
        vehicles = " ".join(
            str(x)
            for x in (
                r.data.get("vehicle_count") or "",
                r.data.get("vehicle_type", ""),
                r.data.get("plates", ""),
            )
            if x
        )
    return [
        r.reference,
        r.kind_label,
        r.type_label,
        r.title,
        r.organization,
        _when(r.start),
        _when(r.end),
        places,
        r.data.get("markings", ""),
        vehicles,
        r.data.get("call_sign", ""),
        r.data.get("party_contact", ""),
        t.get_status_display(),
        r.version,
    ]


def _filename(operation, ext: str) -> str:
    return f"humanitarian-notifications-{operation.code}-{timezone.localdate():%Y%m%d}.{ext}"


def received_csv(rows, operation) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(operation, "csv")}"'
    response.write("\ufeff")  # so that spreadsheets read UTF-8
    writer = csv.writer(response)
    writer.writerow(_columns())
    for t in rows:
        writer.writerow(_row(t))
    return response


def _properties(t) -> dict:
    return dict(zip(_columns(), [str(v) for v in _row(t)], strict=True))


def received_geojson(rows, operation) -> HttpResponse:
    features = []
    for t in rows:
        points = [[lon, lat] for _name, lat, lon in t.received.points()]
        if not points:
            continue
        geometry = (
            {"type": "LineString", "coordinates": points}
            if t.received.is_movement
            else {"type": "Point", "coordinates": points[0]}
        )
        features.append({"type": "Feature", "geometry": geometry, "properties": _properties(t)})
    response = HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(operation, "geojson")}"'
    return response


def received_kml(rows, operation) -> HttpResponse:
    placemarks = []
    for t in rows:
        points = t.received.points()
        if not points:
            continue
        coordinates = " ".join(f"{lon:.5f},{lat:.5f}" for _name, lat, lon in points)
        geometry = (
            f"<LineString><coordinates>{coordinates}</coordinates></LineString>"
            if t.received.is_movement
            else f"<Point><coordinates>{coordinates}</coordinates></Point>"
        )
        data = "".join(
            f'<Data name="{escape(k, {chr(34): "&quot;"})}"><value>{escape(v)}</value></Data>'
            for k, v in _properties(t).items()
        )
        placemarks.append(
            f"<Placemark><name>{escape(f'{t.received.reference} {t.received.title}')}</name>"
            f"<ExtendedData>{data}</ExtendedData>{geometry}</Placemark>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(_('Humanitarian notifications'))} {escape(operation.code)}</name>"
        + "".join(placemarks)
        + "</Document></kml>\n"
    )
    response = HttpResponse(body, content_type="application/vnd.google-earth.kml+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(operation, "kml")}"'
    return response


FORMATS = {"csv": received_csv, "geojson": received_geojson, "kml": received_kml}


def record_csv(notification, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="record-{notification.reference}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Time (UTC)"), _("Event"), _("By"), _("Party"), _("Detail")])
    for row in rows:
        at = row["at"].astimezone(datetime.UTC)
        writer.writerow(
            [at.strftime("%Y-%m-%d %H:%M:%S"), row["what"], row["who"], row["party"], row["detail"]]
        )
    return response
