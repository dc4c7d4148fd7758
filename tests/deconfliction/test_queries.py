"""Lists and exports run an exact, constant number of queries, at two sizes of data (3 and 15 sites and
movements, transmitted). The API client keeps its user (and so its cached roles) between calls."""

import pytest
from django.urls import reverse

from deconfliction import services


def fill(cast, make_site, make_movement, n):
    for i in range(n):
        site = make_site(name=f"Site {i}")
        movement = make_movement()
        services.notification_transmit(
            notification=site, actor=cast.officer, parties=[cast.force, cast.other_force]
        )
        services.notification_transmit(notification=movement, actor=cast.officer, parties=[cast.force])


# page: session, user, roles, current operation, count, rows (organisation and current version joined),
#   the operations of the switcher, the user's organisation, the unread count.
# api: roles, count, rows, current versions' legs, their authors, transmissions with parties and their
#   acknowledgements (prefetches).
HUMANITARIAN = {
    "page": (9, lambda c, a: c.get(reverse("deconfliction:list"))),
    "page-movements": (9, lambda c, a: c.get(reverse("deconfliction:list") + "?kind=movement")),
    "api": (6, lambda c, a: a.get("/api/v1/humanitarian-notifications/")),
}
# page: as above, the rows being the party's transmissions with their last dispatch (the payload) joined,
#   and the operation's map layers (the map of the rows);
# exports: session, user, roles, current operation, rows; api: count, rows.
PARTY = {
    "page": (10, lambda c, a: c.get(reverse("deconfliction:list"))),
    "csv": (5, lambda c, a: c.get(reverse("deconfliction:received_export", args=["csv"]))),
    "geojson": (5, lambda c, a: c.get(reverse("deconfliction:received_export", args=["geojson"]))),
    "kml": (5, lambda c, a: c.get(reverse("deconfliction:received_export", args=["kml"]))),
    "api": (2, lambda c, a: a.get("/api/v1/received-notifications/")),
}


def _check(user, fetch, expected, cast, make_site, make_movement, client_for, api_for, assert_num):
    c, a = client_for(user), api_for(user)
    fill(cast, make_site, make_movement, 3)
    fetch(c, a)  # warm up: content types and the like are cached after the first call
    with assert_num(expected):
        assert fetch(c, a).status_code == 200
    fill(cast, make_site, make_movement, 12)
    with assert_num(expected):
        response = fetch(c, a)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("name", sorted(HUMANITARIAN))
def test_humanitarian_lists(
    cast, make_site, make_movement, client_for, api_for, django_assert_num_queries, name
):
    expected, fetch = HUMANITARIAN[name]
    _check(
        cast.officer,
        fetch,
        expected,
        cast,
        make_site,
        make_movement,
        client_for,
        api_for,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("name", sorted(PARTY))
def test_party_lists_and_exports(
    cast, make_site, make_movement, client_for, api_for, django_assert_num_queries, name
):
    expected, fetch = PARTY[name]
    response = _check(
        cast.liaison,
        fetch,
        expected,
        cast,
        make_site,
        make_movement,
        client_for,
        api_for,
        django_assert_num_queries,
    )
    if name == "api":
        assert response.json()["count"] == 30
