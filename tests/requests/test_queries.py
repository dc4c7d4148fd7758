"""The list page, the list endpoint and the exports run the same number of queries whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests.models import AssistanceRequest

from .conftest import LEG


def fill(make_request, cast, n):
    second_leg = {**LEG, "from_name": "Buzi", "to_name": "Guara-Guara"}
    statuses = list(AssistanceRequest.Status)
    for i in range(n):
        make_request(
            status=statuses[i % len(statuses)], legs=[LEG, second_leg], org=[cast.wfp, cast.unicef][i % 2]
        )


def count(callable_):
    with CaptureQueriesContext(connection) as ctx:
        response = callable_()
        if response.streaming:  # a streamed export queries as it is read
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "fetch",
    [
        lambda c, a: c.get(reverse("requests:list")),
        lambda c, a: c.get(reverse("requests:list") + "?q=Buzi&sort=priority&page_size=50"),
        lambda c, a: c.get(reverse("requests:export", args=["csv"])),
        lambda c, a: c.get(reverse("requests:export", args=["xlsx"])),
        lambda c, a: a.get("/api/v1/requests/"),
        lambda c, a: a.get("/api/v1/requests/?priority=life_saving&q=Buzi"),
    ],
    ids=["page", "page-search", "csv", "xlsx", "api", "api-filtered"],
)
def test_the_list_runs_the_same_queries_with_5_and_50_requests(
    cast, make_request, client_for, api_for, django_assert_num_queries, fetch
):
    page, api = client_for(cast.officer), api_for(cast.officer)
    fill(make_request, cast, 5)
    fetch(page, api)  # warm up: content types and the like are cached after the first call
    small = count(lambda: fetch(page, api))
    fill(make_request, cast, 45)
    with django_assert_num_queries(small):
        response = fetch(page, api)
        if response.streaming:
            b"".join(response.streaming_content)
