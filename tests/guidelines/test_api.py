"""/api/v1/guidelines/: the same visibility as the pages (military: public only; country guidelines: members
of their operation only; 404 otherwise), the library's filters and search."""

import pytest

from .conftest import get

API = "/api/v1/guidelines/"
HUMANITARIANS = ["officer", "requester", "hct_member", "hc", "observer"]


def names(response):
    return {g["short_name"] for g in response.json()["results"]}


@pytest.mark.parametrize("who", [*HUMANITARIANS, "liaison"])
def test_every_role_lists_and_reads_the_global_guidelines(cast, api_for, who):
    client = api_for(getattr(cast, who))

    listed = client.get(API)
    oslo = client.get(f"{API}{get('Oslo Guidelines').pk}/").json()

    assert listed.status_code == 200
    assert {"Oslo Guidelines", "MCDA Guidelines", "IASC armed escorts", "APC-MADRO"} <= names(listed)
    assert [c["code"] for c in oslo["criteria"]][0] == "no_civilian_alternative"
    assert oslo["versions"] == [
        {"id": oslo["id"], "short_name": "Oslo Guidelines", "version": "1.1", "year": 2007}
    ]


@pytest.mark.parametrize("who", HUMANITARIANS)
def test_humanitarian_members_read_their_hct_internal_guideline(cast, api_for, internal, who):
    client = api_for(getattr(cast, who))

    detail = client.get(f"{API}{internal.pk}/").json()

    assert "MOZ CMCoord guidance" in names(client.get(API))
    assert names(client.get(API, {"q": "Cabo Delgado"})) == {"MOZ CMCoord guidance"}
    assert detail["is_public"] is False
    assert detail["document_url"].endswith(f"/guidelines/{internal.pk}/document/")


def test_military_users_get_public_guidelines_only(cast, api_for, internal, public_country):
    client = api_for(cast.liaison)

    assert "MOZ CMCoord guidance" not in names(client.get(API))
    assert "MOZ public guidelines" in names(client.get(API))
    assert names(client.get(API, {"q": "Cabo Delgado"})) == set()
    response = client.get(f"{API}{internal.pk}/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}
    assert client.get(f"{API}{public_country.pk}/").status_code == 200


def test_another_operations_users_and_outsiders_get_404_for_country_guidelines(
    cast, api_for, internal, public_country
):
    for user in (cast.other_officer, cast.outsider):
        client = api_for(user)
        assert client.get(f"{API}{internal.pk}/").status_code == 404
        assert client.get(f"{API}{public_country.pk}/").status_code == 404
        assert not {"MOZ CMCoord guidance", "MOZ public guidelines"} & names(client.get(API))


def test_anonymous_requests_are_refused(client, cast):
    response = client.get(API)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_filters_and_superseded_versions(cast, api_for):
    client = api_for(cast.observer)

    regional = client.get(API, {"scope": "regional"})
    handbooks = client.get(API, {"q": "handbook", "superseded": "true"}).json()["results"]

    assert names(regional) == {"APC-MADRO"}
    by_version = {g["version"]: g for g in handbooks}
    assert by_version["1.0"]["is_superseded"] is True
    assert by_version["1.0"]["superseded_by"] == by_version["2.0"]["id"]
    assert (
        by_version["2.0"]["is_superseded"] is False
        and by_version["2.0"]["supersedes"] == by_version["1.0"]["id"]
    )
    old = client.get(f"{API}{by_version['1.0']['id']}/").json()
    assert [v["version"] for v in old["versions"]] == ["1.0", "2.0"]


def test_search_ranks_and_marks_matches(cast, api_for):
    results = api_for(cast.officer).get(API, {"q": "convoys escort"}).json()["results"]

    assert results[0]["short_name"] == "IASC armed escorts"
    assert "<mark>Convoys</mark>" in results[0]["title_html"]
    assert results[0]["rank"] > 0


@pytest.mark.parametrize("query", ['"oslo', "'; DROP TABLE guidelines_guideline; --", "a & b | !c"])
def test_search_is_safe_with_quotes_and_sql_characters(cast, api_for, query):
    response = api_for(cast.officer).get(API, {"q": query})

    assert response.status_code == 200
    assert get("Oslo Guidelines").pk


def test_a_bad_filter_is_a_400_with_the_field(cast, api_for):
    response = api_for(cast.officer).get(API, {"scope": "galactic"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "scope" in body["fields"]
