"""The request list as CSV and XLSX: the spreadsheet tracker people know, from the same filtered queryset."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cmcoord.exports import safe_cell

COLUMNS = [
    (_("Reference"), lambda r: r.reference),
    (_("Title"), lambda r: r.title),
    (_("Status"), lambda r: r.get_status_display()),
    (_("Organisation"), lambda r: r.organization.short_name),
    (_("Requesting officer"), lambda r: r.requesting_officer),
    (_("Endorsing cluster"), lambda r: r.get_endorsing_cluster_display()),
    (_("Capability"), lambda r: r.get_capability_display()),
    (_("Assistance type"), lambda r: r.get_assistance_type_display()),
    (_("Priority"), lambda r: r.get_priority_display()),
    (_("Places"), lambda r: "; ".join(str(leg) for leg in r.legs.all())),
    (_("Required by"), lambda r: r.required_by),
    (_("Latest acceptable"), lambda r: r.latest_acceptable),
    (_("Duration (days)"), lambda r: r.duration_days),
    (_("Passengers"), lambda r: r.passengers),
    (_("Cargo"), lambda r: r.cargo_description),
    (_("Weight (kg)"), lambda r: r.cargo_weight_kg),
    (_("Volume (m³)"), lambda r: r.cargo_volume_m3),
    (_("Dangerous goods"), lambda r: "yes" if r.dangerous_goods else "no"),
    (_("Created"), lambda r: timezone.localtime(r.created_at).replace(tzinfo=None)),
]


def _filename(operation, ext: str) -> str:
    return f"requests-{operation.code}-{timezone.localdate():%Y%m%d}.{ext}"


def csv_response(rows, operation) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(operation, "csv")}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([str(name) for name, _get in COLUMNS])
    for rfa in rows:
        writer.writerow([safe_cell(get(rfa)) for _name, get in COLUMNS])
    return response


def xlsx_response(rows, operation) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "Requests"
    sheet.append([str(name) for name, _get in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for rfa in rows:
        sheet.append([safe_cell(get(rfa)) for _name, get in COLUMNS])
    for index, (name, _get) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(name)) + 4))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(operation, "xlsx")}"'
    return response
