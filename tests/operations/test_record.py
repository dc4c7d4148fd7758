"""The record of an operation: every audit event, filtered, paginated, exported; links only where allowed."""

import csv
import datetime
import io

import time_machine
from django.urls import reverse

from cmcoord.models import AuditEvent
from cmcoord.services import audit_record
from operations import services
from requests.services.rfa import request_create
from tests.requests.conftest import LEG, request_data


def _draft(cast, actor=None):
    return request_create(
        operation=cast.operation,
        actor=actor or cast.requester,
        organization=cast.wfp,
        data=request_data(),
        legs=[LEG],
    )


def test_the_record_lists_the_operations_events_newest_first_with_links(cast, client_for):
    rfa = _draft(cast)
    services.organization_add(
        operation=cast.operation,
        organization=type(cast.wfp).objects.create(name="Plan International", type="ingo"),
        actor=cast.officer,
    )
    other = _draft(cast)
    AuditEvent.objects.create(  # an event of another operation never shows
        operation=cast.other_operation,
        actor=cast.other_officer,
        content_type_id=1,
        object_id="1",
        object_repr="Haiti thing",
        verb="haiti.secret",
    )
    html = (
        client_for(cast.officer).get(reverse("operations:record", args=[cast.operation.pk])).content.decode()
    )
    assert html.index(other.reference) < html.index("Plan International") < html.index(rfa.reference)
    assert f'href="{rfa.get_absolute_url()}"' in html
    assert "haiti.secret" not in html


def test_filters_by_who_kind_object_and_dates(cast, client_for):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)):
        old = _draft(cast)
    rfa = _draft(cast)
    services.organization_add(
        operation=cast.operation,
        organization=type(cast.wfp).objects.create(name="Plan International", type="ingo"),
        actor=cast.officer,
    )
    url = reverse("operations:record", args=[cast.operation.pk])
    page = client_for(cast.officer)
    by_officer = page.get(url, {"actor": cast.officer.pk}).content.decode()
    assert "Plan International" in by_officer and rfa.reference not in by_officer
    by_kind = page.get(url, {"kind": "request"}).content.decode()
    assert rfa.reference in by_kind and "Plan International" not in by_kind
    by_object = page.get(
        url, {"object_type": "requests.assistancerequest", "object_id": old.pk}
    ).content.decode()
    assert old.reference in by_object and rfa.reference not in by_object
    by_dates = page.get(url, {"date_from": "2026-10-30", "date_to": "2026-11-02"}).content.decode()
    assert old.reference in by_dates and rfa.reference not in by_dates
    bad = page.get(url, {"date_from": "yesterday"})
    assert bad.status_code == 400


def test_the_record_is_paginated(cast, client_for):
    for n in range(55):
        audit_record(
            actor=cast.officer, operation=cast.operation, obj=cast.operation, verb=f"test.event{n:02d}"
        )
    url = reverse("operations:record", args=[cast.operation.pk])
    first = client_for(cast.officer).get(url).content.decode()
    second = client_for(cast.officer).get(url, {"page": 2}).content.decode()
    assert "test.event54" in first and "test.event00" not in first
    assert "test.event00" in second and "Page 2 of 2" in second


def test_the_csv_export_follows_the_filters_and_defuses_formulas(cast, client_for):
    audit_record(
        actor=cast.officer,
        operation=cast.operation,
        obj=cast.operation,
        verb="test.note",
        comment="=HYPERLINK(1)",
    )
    _draft(cast)
    response = client_for(cast.officer).get(
        reverse("operations:record-csv", args=[cast.operation.pk]), {"kind": "test"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When", "Who", "What"]
    assert [r[2] for r in rows[1:]] == ["test.note"]
    assert rows[1][1] == "officer" and rows[1][-1] == "'=HYPERLINK(1)"


def test_a_link_is_shown_only_when_the_reader_may_see_the_object(cast, client_for):
    # a second officer reads the record; a request is linked, a task too, an unknown object is plain text
    rfa = _draft(cast)
    html = (
        client_for(cast.officer).get(reverse("operations:record", args=[cast.operation.pk])).content.decode()
    )
    assert f'href="{rfa.get_absolute_url()}"' in html
    from operations.selectors import link_events, record

    events = link_events(cast.requester_other_org, cast.operation, list(record(cast.operation)))
    assert [e.url for e in events if e.verb == "request.create"] == [""]


def test_the_military_never_see_the_record(cast, client_for):
    for who in (cast.liaison, cast.liaison_other_force):
        assert client_for(who).get(reverse("operations:record", args=[cast.operation.pk])).status_code == 404
        assert (
            client_for(who).get(reverse("operations:record-csv", args=[cast.operation.pk])).status_code == 404
        )


def test_record_page_runs_a_constant_number_of_queries(cast, client_for, django_assert_num_queries):
    client = client_for(cast.officer)
    url = reverse("operations:record", args=[cast.operation.pk])
    _draft(cast)
    client.get(url)  # warm the content-type cache
    with django_assert_num_queries(15):
        client.get(url)
    for _ in range(30):  # a full page of two kinds of objects, from two people
        _draft(cast)
        audit_record(actor=cast.officer, operation=cast.operation, obj=cast.wfp, verb="organization.note")
    with django_assert_num_queries(15):
        client.get(url)
