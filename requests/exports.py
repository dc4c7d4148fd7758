"""The request list as CSV and XLSX: the spreadsheet tracker people know, from the same filtered queryset."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cmcoord.exports import safe_cell

COLUMNS = [
    ("Reference", lambda r: r.reference),
    ("Title", lambda r: r.title),
    ("Status", lambda r: r.get_status_display()),
    ("Organisation", lambda r: r.organization.short_name),
    ("Requesting officer", lambda r: r.requesting_officer),
    ("Endorsing cluster", lambda r: r.get_endorsing_cluster_display()),
    ("Capability", lambda r: r.get_capability_display()),
    ("Assistance type", lambda r: r.get_assistance_type_display()),
    ("Priority", lambda r: r.get_priority_display()),
    ("Places", lambda r: "; ".join(str(leg) for leg in r.legs.all())),
    ("Required by", lambda r: r.required_by),
    ("Latest acceptable", lambda r: r.latest_acceptable),
    ("Duration (days)", lambda r: r.duration_days),
    ("Passengers", lambda r: r.passengers),
    ("Cargo", lambda r: r.cargo_description),
    ("Weight (kg)", lambda r: r.cargo_weight_kg),
    ("Volume (m³)", lambda r: r.cargo_volume_m3),
    ("Dangerous goods", lambda r: "yes" if r.dangerous_goods else "no"),
    ("Created", lambda r: timezone.localtime(r.created_at).replace(tzinfo=None)),
]


def _filename(operation, ext: str) -> str:
    return f"requests-{operation.code}-{timezone.localdate():%Y%m%d}.{ext}"


def csv_response(rows, operation) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(operation, "csv")}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([name for name, _ in COLUMNS])
    for rfa in rows:
        writer.writerow([safe_cell(get(rfa)) for _, get in COLUMNS])
    return response


def xlsx_response(rows, operation) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "Requests"
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for rfa in rows:
        sheet.append([safe_cell(get(rfa)) for _, get in COLUMNS])
    for index, (name, _) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(name) + 4))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(operation, "xlsx")}"'
    return response
