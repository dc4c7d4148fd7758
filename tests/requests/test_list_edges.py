"""The lists' last edges (issue 24): the HCT procedures page paginated and filtered, the status filter
without DISTINCT, PostgreSQL's JIT off, and the liaison's task page in a pinned number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests.models import AssistanceRequest, HctReferral
from requests.services import hct as decisions
from requests.services import rfa as services
from requests.services import tasking
from requests.views.rfa import PAGE_SIZE

from .hct_helpers import tasked, written

S = AssistanceRequest.Status

# Session, user, memberships, operations, the page's count and rows, the notifications' count, the map
# layers of the menu: the same number with 2 procedures or with more than a page of them.
HCT_PAGE = {"hc": 9, "hct_member": 9}
# The task page of its force's liaison officer: the same number with 1 or 4 reports (the task with its grant
# in one query, its approval, legs, reports, acknowledgements, and the page's frame).
TASK_PAGE = 16


def meeting(cast, make_request):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    rfa.refresh_from_db()
    return rfa


@pytest.mark.parametrize("who", list(HCT_PAGE))
def test_the_hct_page_runs_the_pinned_queries_at_two_sizes(
    who, cast, make_request, client_for, django_assert_num_queries
):
    page = client_for(getattr(cast, who))
    for size in (2, PAGE_SIZE + 3):
        while HctReferral.objects.count() < size:
            written(cast, make_request, hours=24)
        assert page.get("/requests/hct/").status_code == 200  # warm-up
        with django_assert_num_queries(HCT_PAGE[who]):
            html = page.get("/requests/hct/").content.decode()
        shown = min(size, PAGE_SIZE)
        marker = "Record the decision" if who == "hc" else "Read and respond"
        assert html.count(marker) == shown
    assert f"{PAGE_SIZE + 3} procedures" in html
    second = page.get("/requests/hct/?page=2").content.decode()
    assert second.count(marker) == 3
    assert "Page 2 of 2" in second


def test_the_hc_filters_the_procedures_by_procedure_state_and_words(cast, make_request, client_for):
    objected_rfa, objected = written(cast, make_request, hours=24)
    decisions.hct_respond(referral=objected, actor=cast.hct_member, position="object", comment="Risky.")
    open_rfa, _open = written(cast, make_request, hours=24)
    at_meeting = meeting(cast, make_request)
    page = client_for(cast.hc)

    def shown(query: str) -> set[str]:
        html = page.get(f"/requests/hct/?{query}").content.decode()
        return {rfa.reference for rfa in (objected_rfa, open_rfa, at_meeting) if rfa.reference in html}

    assert shown("") == {objected_rfa.reference, open_rfa.reference, at_meeting.reference}
    assert shown("procedure=meeting") == {at_meeting.reference}
    assert shown("state=objected") == {objected_rfa.reference}
    assert shown("procedure=written&state=open") == {open_rfa.reference}
    assert shown(f"q={open_rfa.reference}") == {open_rfa.reference}
    # A state that is not a choice (closed procedures are not listed) is a form error, not a 500.
    assert page.get("/requests/hct/?state=closed").status_code == 200


def test_a_member_searches_the_procedures_waiting_for_them(cast, make_request, client_for):
    first, _ = written(cast, make_request, hours=24)
    second, _ = written(cast, make_request, hours=24)
    html = client_for(cast.hct_member).get(f"/requests/hct/?q={second.reference}").content.decode()
    assert second.reference in html and first.reference not in html


@pytest.mark.parametrize("who", ["officer", "requester", "hct_member", "observer"])
@pytest.mark.parametrize("url", ["/requests/", "/api/v1/requests/"])
def test_the_status_filter_runs_no_distinct(who, url, cast, make_request, client_for, api_for):
    for status in (S.SUBMITTED, S.UNDER_REVIEW, S.DRAFT):
        make_request(status=status)
    written(cast, make_request)
    user = getattr(cast, who)
    client = api_for(user) if url.startswith("/api/") else client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}?status=submitted&status=under_review&status=with_hct")
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries if "requests_assistancerequest" in q["sql"]]
    assert sql
    assert not [s for s in sql if "DISTINCT" in s.upper()], sql


def test_the_application_connections_run_without_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_liaison_task_page_runs_the_pinned_queries_and_one_probe_for_the_grant(
    cast, make_request, client_for, django_assert_num_queries
):
    page = client_for(cast.liaison)
    for size in (1, 4):
        _rfa, task = tasked(cast, make_request)
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
        for n in range(size):
            tasking.task_report_progress(task=task, actor=cast.liaison, text=f"Leg {n} flown.")
        url = f"/requests/tasks/{task.pk}/"
        assert page.get(url).status_code == 200  # warm-up
        with CaptureQueriesContext(connection) as queries:
            assert page.get(url).status_code == 200
        with django_assert_num_queries(TASK_PAGE):
            assert page.get(url).status_code == 200
    lookup = [q["sql"] for q in queries.captured_queries if 'FROM "requests_task"' in q["sql"]]
    assert len(lookup) == 1
    # The grant is one correlated EXISTS on the direct table (the task's grant to one of the user's groups),
    # not guardian's nested IN of the whole queryset, nor a join that hashes every grant of the force.
    sql = lookup[0]
    assert 'EXISTS(SELECT 1 AS "a" FROM "requests_taskgroupobjectpermission"' in sql
    assert '."content_object_id" = ("requests_task"."id")' in sql
    assert 'JOIN "requests_taskgroupobjectpermission"' not in sql
    assert "guardian_" not in sql
    assert sql.count('FROM "requests_task"') == 1
