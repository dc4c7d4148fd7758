"""The tasking page, the registry, its API and CSV, and the gaps run the same, exact number of queries with 5
and with 50 assets."""

import pytest

from tests.requests.hct_helpers import approved

from .conftest import asset_data


def fill(cast, n):
    from capabilities import services

    for i in range(n):
        force = cast.force if i % 2 else cast.other_force
        actor = cast.liaison if i % 2 else cast.liaison_other_force
        services.asset_declare(
            operation=cast.operation,
            actor=actor,
            force=force,
            data=asset_data(
                description=f"Asset {i}",
                capability="air_transport" if i % 3 else "land_transport",
                constraints=["armed_crew"] if i % 5 == 0 else [],
                payload_kg=1000 * (i + 1),
            ),
        )


@pytest.mark.parametrize("n", [5, 50])
def test_the_tasking_page_runs_the_same_queries_with_5_and_50_assets(
    n, cast, make_request, client_for, django_assert_num_queries
):
    rfa = approved(cast, make_request)
    fill(cast, n)
    officer = client_for(cast.officer)
    officer.get(f"/requests/{rfa.pk}/task/")  # warm up the caches of the process (content types)
    with django_assert_num_queries(15):
        response = officer.get(f"/requests/{rfa.pk}/task/")
    assert response.content.decode().count('<li class="match') == n


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/capabilities/", 9),
        ("/capabilities/export.csv", 5),
        ("/api/v1/assets/?operation={op}", 6),
        ("/capabilities/gaps/", 13),
    ],
)
def test_the_registry_runs_the_same_queries_with_5_and_50_assets(
    n, url, expected, cast, make_request, client_for, django_assert_num_queries
):
    for _ in range(3):
        approved(cast, make_request)
    fill(cast, n)
    officer = client_for(cast.officer)
    url = url.format(op=cast.operation.pk)
    officer.get(url)
    with django_assert_num_queries(expected):
        assert officer.get(url).status_code == 200
