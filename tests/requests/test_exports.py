"""The list as CSV and XLSX, with the filters of the page and the same visibility; one request printable."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from requests.models import AssistanceRequest

S = AssistanceRequest.Status


def test_csv_export_lists_the_filtered_requests(cast, make_request, client_for):
    mine = make_request(title="Airlift", priority="life_saving")
    make_request(title="Road", priority="normal")
    make_request(title='=HYPERLINK("http://x")', priority="life_saving")
    response = client_for(cast.officer).get(
        reverse("requests:export", args=["csv"]) + "?priority=life_saving"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # written as it is read, never whole in memory
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {r["Reference"] for r in rows} >= {mine.reference}
    assert {r["Title"] for r in rows} == {"Airlift", '\'=HYPERLINK("http://x")'}
    assert rows[0]["Places"] == "Beira airport → Buzi"


def test_xlsx_export_is_a_spreadsheet_with_a_header(cast, make_request, client_for):
    make_request(title="Airlift")
    make_request(title="Other org", org=cast.unicef)
    response = client_for(cast.requester).get(reverse("requests:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Reference", "Title", "Status")
    assert [r[1] for r in rows[1:]] == ["Airlift"]  # the requester's organisation only


def test_the_printable_page_carries_the_request_and_its_assessment(cast, make_request, client_for):
    rfa = make_request(status=S.WITH_HCT, answered=True)
    html = client_for(cast.hc).get(reverse("requests:print", args=[rfa.pk])).content.decode()
    assert rfa.reference in html and "No comparable civilian alternative" in html and "Beira airport" in html


def test_an_unknown_export_format_is_404(cast, client_for):
    assert client_for(cast.officer).get(reverse("requests:export", args=["pdf"])).status_code == 404
