"""CSV renderings of the registry: assets one by one, or the aggregate (which capabilities exist, not which
force). export_response chooses by what the user may see (permissions.py)."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

from . import permissions, selectors
from .models import Asset

ASSET_COLUMNS = [
    "force",
    "capability",
    "description",
    "quantity",
    "passengers",
    "payload_kg",
    "volume_m3",
    "range_km",
    "base",
    "base_lat",
    "base_lon",
    "available_from",
    "available_until",
    "notice_hours",
    "constraints",
    "other_constraints",
    "status",
    "on_behalf",
    "source",
]
SUMMARY_COLUMNS = ["capability", "entries", "units", "available"]


def _cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r" and not text.lstrip("+-").replace(".", "", 1).isdigit():
        return "'" + text
    return text


def assets_csv(assets: Iterable[Asset]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ASSET_COLUMNS)
    for a in assets:
        writer.writerow(
            [
                _cell(v)
                for v in (
                    a.force.short_name,
                    a.capability,
                    a.description,
                    a.quantity,
                    a.passengers,
                    a.payload_kg,
                    a.volume_m3,
                    a.range_km,
                    a.base_name,
                    a.base_lat,
                    a.base_lon,
                    a.available_from.isoformat(),
                    a.available_until.isoformat() if a.available_until else "",
                    a.notice_hours,
                    "; ".join(a.constraints),
                    a.other_constraints,
                    a.status,
                    "yes" if a.on_behalf else "no",
                    a.source,
                )
            ]
        )
    return out.getvalue()


def summary_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for row in rows:
        writer.writerow([row["capability"], row["entries"], row["units"], row["available"]])
    return out.getvalue()


def export_response(user, operation) -> HttpResponse:
    """The registry as CSV: the assets the user sees, or the summary of capabilities (page and API)."""
    if permissions.sees_assets(user, operation):
        body = assets_csv(selectors.assets_for_user(user, operation, include_withdrawn=True))
    else:
        body = summary_csv(selectors.capability_summary(operation))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="capabilities-{operation.code}.csv"'
    return response
