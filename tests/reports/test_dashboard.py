"""The dashboard's figures on hand-made data with known answers; who may read it; its query count."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reports import selectors
from reports.selectors import Period, percentile
from requests.models import AssistanceRequest

from .conftest import at

S = AssistanceRequest.Status
TODAY = datetime.date(2026, 4, 10)


def test_percentile_interpolates_between_ranks():
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([10.0, 30.0], 0.5) == 20.0
    assert percentile([30.0, 10.0, 20.0], 0.9) == pytest.approx(28.0)


@pytest.fixture
def mission(cast, submitted, decide, give_task, make_request):
    """Four requests submitted in March and April 2026, one draft, one of another operation."""
    r1 = submitted(at("2026-03-02", 10), status=S.COMPLETED, capability="air_transport")
    decide(r1, at("2026-03-02", 20), procedure="meeting")  # 10 h
    give_task(
        r1,
        cast.force,
        at("2026-03-03", 10),
        status="completed",
        accepted_at=at("2026-03-03", 12),  # 2 h to accept
        completed_on=datetime.date(2026, 3, 7),  # 5 days after submission
    )
    r2 = submitted(at("2026-03-10", 8), status=S.ACCEPTED, capability="medical")
    decide(r2, at("2026-03-11", 14), procedure="silence", valid_until=datetime.date(2026, 4, 15))  # 30 h
    give_task(r2, cast.other_force, at("2026-03-12"), status="declined", declined_at=at("2026-03-12", 6))
    give_task(r2, cast.force, at("2026-03-13"), status="accepted", accepted_at=at("2026-03-13", 6))  # 6 h
    r3 = submitted(at("2026-04-01"), status=S.REJECTED, capability="air_transport")
    decide(r3, at("2026-04-01", 20), procedure="written", outcome="rejected")  # 20 h
    submitted(
        at("2026-04-05"), status=S.WITHDRAWN, capability="engineering", withdrawal_reason="civilian_means"
    )
    make_request(status=S.DRAFT, capability="medical")  # never submitted: not counted
    submitted(at("2026-03-05"), operation=cast.other_operation)  # another operation: not counted
    return r1, r2, r3


def counts(rows):
    return {row.key: row.count for row in rows}


def test_every_figure_of_the_whole_operation(cast, mission):
    board = selectors.dashboard(cast.operation, today=TODAY)

    assert board.total == 4
    assert counts(board.by_status) == {"completed": 1, "accepted": 1, "rejected": 1, "withdrawn": 1}
    assert counts(board.by_capability) == {"air_transport": 2, "medical": 1, "engineering": 1}
    # hours to the first decision: March 10 and 30, April 20
    assert [(r.month, r.count, r.median, r.p90) for r in board.to_decision] == [
        ("2026-03", 2, 20.0, 28.0),
        ("2026-04", 1, 20.0, 20.0),
        ("", 3, 20.0, 28.0),
    ]
    assert [(r.month, r.count, r.median, r.p90) for r in board.to_completion] == [
        ("2026-03", 1, 5.0, 5.0),
        ("", 1, 5.0, 5.0),
    ]
    assert board.decisions == 3
    assert {r.key: (r.count, r.share) for r in board.by_procedure} == {
        "meeting": (1, 33.3),
        "written": (1, 33.3),
        "silence": (1, 33.3),
    }
    assert [d.request.reference for d in board.expiring] == [mission[1].reference]
    forces = {r.force: r for r in board.forces}
    assert (forces["SANDF"].tasks, forces["SANDF"].accepted, forces["SANDF"].declined) == (2, 2, 0)
    assert forces["SANDF"].acceptance_rate == 100.0
    assert forces["SANDF"].median_hours_to_accept == 4.0
    assert (forces["FADM"].tasks, forces["FADM"].declined, forces["FADM"].acceptance_rate) == (1, 1, 0.0)
    assert forces["FADM"].median_hours_to_accept is None
    assert board.withdrawn == 1
    assert (board.withdrawn_civilian_means, board.withdrawn_no_reason) == (1, 0)


def test_a_period_counts_only_what_happened_in_it(cast, mission):
    board = selectors.dashboard(
        cast.operation, Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)), today=TODAY
    )
    assert board.total == 2
    assert counts(board.by_status) == {"rejected": 1, "withdrawn": 1}
    assert board.decisions == 1
    assert {r.key: r.count for r in board.by_procedure} == {"meeting": 0, "written": 1, "silence": 0}
    assert board.forces == []
    # an expiry ahead is not a matter of the period
    assert len(board.expiring) == 1


def test_an_empty_operation(cast):
    board = selectors.dashboard(cast.operation, today=TODAY)
    assert board.total == 0
    assert board.by_status == [] and board.by_capability == []
    assert [(r.month, r.count, r.median, r.p90) for r in board.to_decision] == [("", 0, None, None)]
    assert board.decisions == 0 and all(r.share == 0.0 for r in board.by_procedure)
    assert board.expiring == [] and board.forces == [] and board.withdrawn == 0
    assert board.withdrawn_civilian_means == 0 and board.withdrawn_no_reason == 0


def test_one_request_not_yet_decided(cast, submitted):
    submitted(at("2026-04-09", 9), capability="sea_transport")
    board = selectors.dashboard(cast.operation, today=TODAY)
    assert board.total == 1
    assert counts(board.by_status) == {"submitted": 1}
    assert counts(board.by_capability) == {"sea_transport": 1}
    assert [(r.month, r.count, r.median) for r in board.to_decision] == [("", 0, None)]
    assert board.decisions == 0


def test_the_bar_chart_scales_to_the_largest_count():
    rows = [selectors.CountRow("a", "A", 4), selectors.CountRow("b", "B", 1)]
    chart = selectors.bar_chart(rows)
    assert [(b.width, b.y) for b in chart["bars"]] == [(220, 0), (55, 28)]
    assert chart["height"] == 56
    assert selectors.bar_chart([])["height"] == 20


@pytest.mark.parametrize("role", ["officer", "hc", "hct_member", "observer"])
def test_readers_see_the_dashboard(role, cast, mission, client_for):
    with time_machine.travel(at("2026-04-10", 12), tick=False):
        response = client_for(getattr(cast, role)).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'aria-hidden="true"' in html
    assert response.context["board"].total == 4
    assert mission[1].reference in html  # its approval expires on 15 April
    assert "Withdrawn because a civilian means was found" in html


@pytest.mark.parametrize("role", ["requester", "liaison", "liaison_other_force", "outsider"])
def test_others_get_404(role, cast, mission, client_for):
    assert client_for(getattr(cast, role)).get(reverse("reports:dashboard")).status_code == 404


def test_an_officer_of_another_operation_sees_only_theirs(cast, mission, client_for):
    html = client_for(cast.other_officer).get(reverse("reports:dashboard")).content.decode()
    assert cast.other_operation.name in html
    assert mission[0].reference not in html and cast.operation.name not in html


def test_a_period_ending_before_it_starts_is_refused_with_a_message(cast, client_for):
    response = client_for(cast.officer).get(
        reverse("reports:dashboard"), {"start": "2026-04-10", "end": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "The end of the period cannot be before its start." in response.content.decode()


def _grow(cast, submitted, decide, give_task, n):
    for i in range(n):
        rfa = submitted(at("2026-03-01", i % 24), status=S.ACCEPTED, capability="medical")
        decide(rfa, at("2026-03-02", i % 24), procedure="meeting")
        give_task(
            rfa,
            cast.force if i % 2 else cast.other_force,
            at("2026-03-03"),
            status="accepted",
            accepted_at=at("2026-03-03", 5),
        )


DASHBOARD_QUERIES = 11  # session, user, roles, operation, nav and inbox count: 7; the figures: 4


def test_the_dashboard_runs_the_same_queries_at_two_sizes(
    cast, submitted, decide, give_task, client_for, django_assert_num_queries
):
    client = client_for(cast.officer)
    _grow(cast, submitted, decide, give_task, 2)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("reports:dashboard")).status_code == 200
    _grow(cast, submitted, decide, give_task, 20)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("reports:dashboard"))
    assert response.context["board"].total == 22


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("officer", {"dashboard", "daily"}),
        ("hc", {"dashboard", "daily"}),
        ("hct_member", {"dashboard", "daily"}),
        ("observer", {"dashboard", "daily"}),
        ("liaison", {"daily"}),
        ("requester", set()),
    ],
)
def test_the_menu_links_the_reports_to_their_readers(role, links, cast, client_for):
    html = client_for(getattr(cast, role)).get(reverse("home")).content.decode()
    shown = {name for name in ("dashboard", "daily") if f'href="{reverse(f"reports:{name}")}"' in html}
    assert shown == links
