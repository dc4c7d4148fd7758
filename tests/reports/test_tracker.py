"""The tracker: the request export gains the decision in force, the latest task and the first and last
places; the XLSX has one sheet per kind (requests, tasks, decisions), with frozen headers, filters, widths."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from requests.models import AssistanceRequest

from .conftest import at

S = AssistanceRequest.Status


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def tracked(cast, submitted, decide, give_task):
    rfa = submitted(at("2026-03-02", 10), status=S.COMPLETED, title="Airlift of biscuits to Buzi")
    first = decide(rfa, at("2026-03-02", 20), outcome="approved", valid_until=datetime.date(2026, 3, 20))
    decide(
        rfa,
        at("2026-03-04", 9),
        outcome="approved_with_conditions",
        conditions=["Unarmed personnel only", "Civilian lead at the site"],
        valid_until=datetime.date(2026, 4, 30),
        supersedes=first,
    )
    give_task(rfa, cast.other_force, at("2026-03-03"), status="declined", declined_at=at("2026-03-03", 6))
    give_task(
        rfa,
        cast.force,
        at("2026-03-04", 12),
        status="completed",
        accepted_at=at("2026-03-04", 14),
        completed_on=datetime.date(2026, 3, 7),
    )
    plain = submitted(at("2026-03-05"), title="Road clearance to Dondo")
    return rfa, plain


def test_the_csv_carries_decision_task_and_places(cast, tracked, client_for):
    rfa, plain = tracked
    response = client_for(cast.officer).get(reverse("requests:export", args=["csv"]))
    rows = {r["Reference"]: r for r in csv.DictReader(io.StringIO(body(response).decode("utf-8-sig")))}
    row = rows[rfa.reference]
    assert row["Decision"] == "Approved with conditions"
    assert row["Conditions"] == "Unarmed personnel only; Civilian lead at the site"
    assert (row["Valid from"], row["Valid until"]) == ("2026-03-04", "2026-04-30")
    assert row["Procedure"] == "HCT meeting"
    assert (row["Tasked force"], row["Task status"], row["Completed on"]) == (
        "SANDF",
        "Completed",
        "2026-03-07",
    )
    assert (row["First place"], row["First place latitude"], row["First place longitude"]) == (
        "Beira airport",
        "-19.79639",
        "34.90778",
    )
    assert (row["Last place"], row["Last place latitude"], row["Last place longitude"]) == (
        "Buzi",
        "-19.87333",
        "34.62083",
    )
    empty = rows[plain.reference]
    assert empty["Decision"] == empty["Tasked force"] == empty["Completed on"] == ""


def test_the_xlsx_has_one_sheet_per_kind(cast, tracked, client_for):
    rfa, plain = tracked
    response = client_for(cast.requester).get(reverse("requests:export", args=["xlsx"]))
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(body(response)))
    assert book.sheetnames == ["Requests", "Tasks", "Decisions"]
    requests_sheet, tasks, decisions = book["Requests"], book["Tasks"], book["Decisions"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].width >= 12
        assert sheet["A1"].font.b
    header = [c.value for c in requests_sheet[1]]
    assert header[:3] == ["Reference", "Title", "Status"]
    assert {"Decision", "Conditions", "Tasked force", "Completed on", "Last place longitude"} <= set(header)
    assert requests_sheet.max_row == 3
    assert requests_sheet.auto_filter.ref == f"A1:{requests_sheet.cell(1, len(header)).column_letter}3"
    task_rows = [row for row in tasks.iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[2], r[3]) for r in task_rows] == [
        (rfa.reference, "FADM", "Declined"),
        (rfa.reference, "SANDF", "Completed"),
    ]
    decision_rows = [row for row in decisions.iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[2], r[-1]) for r in decision_rows] == [
        (rfa.reference, "Approved", "no"),
        (rfa.reference, "Approved with conditions", "yes"),
    ]
    assert decisions.auto_filter.ref == "A1:I3"
