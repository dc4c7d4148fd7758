"""Who sees the map pages and endpoints (404 for whoever may not), and the exact number of queries of the map
data endpoint at two sizes of data."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.requests.hct_helpers import tasked

from .conftest import S

URLS = [
    "/maps/",
    "/maps/data.geojson",
    "/maps/export.geojson",
    "/maps/export.kml",
    "/maps/places/",
    "/maps/layers/",
]


@pytest.mark.parametrize("url", URLS)
def test_every_member_sees_the_map_pages_and_nobody_else(url, cast, client_for):
    for user in cast.by_role().values():
        assert client_for(user).get(url).status_code == 200, (user, url)
    assert client_for(cast.outsider).get(url).status_code == 404


def test_the_api_refuses_another_operation_with_404(cast, api_for):
    for url in (
        "/api/v1/map/features/",
        "/api/v1/map/export.kml",
        "/api/v1/map/places/",
        "/api/v1/map/layers/",
    ):
        assert api_for(cast.officer).get(f"{url}?operation={cast.other_operation.pk}").status_code == 404
        assert api_for(cast.outsider).get(f"{url}?operation={cast.operation.pk}").status_code == 404
        response = api_for(cast.other_officer).get(f"{url}?operation={cast.operation.pk}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_map_page_lists_in_its_table_what_the_map_draws(cast, world, client_for):
    page = client_for(cast.liaison).get("/maps/").content.decode()
    assert world["sandf_task"].request.reference in page
    first_leg = world["sandf_task"].request.legs.order_by("order").first()
    assert f"{first_leg.from_name} → {first_leg.to_name}" in page  # the task's places, in the table too
    assert world["fadm_task"].request.reference not in page
    assert world["draft"].reference not in page
    page = client_for(cast.officer).get("/maps/?priority=life_saving&show=requests").content.decode()
    assert (
        world["draft"].reference in page
        and 'data-features-url="/maps/data.geojson?priority=life_saving' in page
    )
    assert 'style="' not in page and "<script>" not in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # session, user, operation, roles, requests, their legs, tasks, their legs
        ("officer", 8),
        # session, user, operation, roles, tasks (the guardian grant is a subquery), their legs
        ("liaison", 6),
    ],
)
def test_the_map_data_endpoint_runs_a_constant_number_of_queries(
    who, expected, cast, make_request, client_for, django_assert_num_queries
):
    client = client_for(getattr(cast, who))
    for size in (1, 4):
        while len(json.loads(client.get("/maps/data.geojson").content)["features"]) < size * 2:
            tasked(cast, make_request)
            make_request(status=S.SUBMITTED)
        client.get("/maps/data.geojson")  # warm the session
        with django_assert_num_queries(expected):
            client.get("/maps/data.geojson")


def test_the_map_page_runs_a_constant_number_of_queries(
    cast, make_request, client_for, django_assert_num_queries
):
    client = client_for(cast.officer)
    for size in (1, 4):
        while len(json.loads(client.get("/maps/data.geojson").content)["features"]) < size * 2:
            tasked(cast, make_request)
            make_request(status=S.SUBMITTED)
        client.get("/maps/")
        # session, user, roles, operation, requests, their legs, tasks, their legs, the layers; and the base
        # template's operations menu, the user's organisation and unread notifications
        with django_assert_num_queries(12):
            client.get("/maps/")


def test_a_map_loads_the_detailed_outlines_of_the_operation_country_and_its_neighbours(
    cast, world, client_for
):
    page = client_for(cast.officer).get("/maps/").content.decode()
    for country in ("mozambique", "malawi", "zimbabwe", "south-africa", "tanzania", "zambia", "eswatini"):
        assert f"/static/maps/detail/{country}.geojson" in page
    cast.other_operation.country = "Atlantis"  # no outline built: the world's basemap alone
    cast.other_operation.save()
    page = client_for(cast.other_officer).get("/maps/").content.decode()
    assert "data-detail" not in page and "maps/basemap.geojson" in page
