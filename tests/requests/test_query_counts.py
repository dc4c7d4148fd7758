"""Exact query counts, pinned: the home page of every role, the request's page, and the referrals, decisions
and operations endpoints. Each is measured at two sizes of data and must run exactly the pinned number at
both; a failure shows the SQL (django_assert_num_queries)."""

import pytest

from requests.models import AssistanceRequest

from .hct_helpers import approved, tasked, written

S = AssistanceRequest.Status

# role -> queries of GET / (session, user, memberships, operations, the panels of the role).
HOME = {
    "officer": 12,
    "requester": 10,
    "hct_member": 10,
    "hc": 9,
    "liaison": 12,
    "observer": 10,
}
DETAIL = 24  # 23, and the map's uploaded layers (maps)
ENDPOINTS = {
    "/api/v1/referrals/": ("officer", 3),
    "/api/v1/decisions/": ("officer", 4),
    "/api/v1/operations/": ("officer", 2),
    # 5 before acknowledgement_due too: the last acknowledgement is a subquery of the tasks' query
    "/api/v1/tasks/": ("liaison", 5),
}


def world(cast, make_request, n: int) -> AssistanceRequest:
    """n of each: requests in every open state, written procedures, approved and tasked requests."""
    for _ in range(n):
        for status in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED):
            make_request(status=status, answered=True)
        written(cast, make_request)
        approved(cast, make_request)
        tasked(cast, make_request)
    rfa, _task = tasked(cast, make_request)
    return rfa


@pytest.mark.parametrize("who", list(HOME))
def test_home_page_runs_the_pinned_queries_for_every_role(
    cast, make_request, client_for, django_assert_num_queries, who
):
    page = client_for(getattr(cast, who))
    for n in (1, 3):
        world(cast, make_request, n)
        assert page.get("/").status_code == 200  # warm-up: content types, the session
        with django_assert_num_queries(HOME[who]):
            assert page.get("/").status_code == 200


def test_request_page_runs_the_pinned_queries(cast, make_request, client_for, django_assert_num_queries):
    page = client_for(cast.officer)
    for n in (1, 3):
        rfa = world(cast, make_request, n)
        for _ in range(n):
            page.post(f"/requests/{rfa.pk}/comments/", {"text": "Checked with the cluster."})
        assert page.get(rfa.get_absolute_url()).status_code == 200
        with django_assert_num_queries(DETAIL):
            assert page.get(rfa.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url", list(ENDPOINTS))
def test_endpoints_run_the_pinned_queries(cast, make_request, api_for, django_assert_num_queries, url):
    who, expected = ENDPOINTS[url]
    api = api_for(getattr(cast, who))
    for n in (1, 3):
        world(cast, make_request, n)
        assert api.get(url).status_code == 200
        with django_assert_num_queries(expected):
            assert api.get(url).status_code == 200
