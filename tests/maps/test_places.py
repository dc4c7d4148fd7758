"""The gazetteer: officers add named places (audited, one per name); everyone of the operation picks from it,
with the places used before in the requests they may see; the request form offers it."""

import pytest

from cmcoord.models import AuditEvent
from maps.models import Place


def _add(client, **data):
    return client.post(
        "/maps/places/", {"name": "Beira port", "kind": "port", "lat": "-19.825", "lon": "34.838", **data}
    )


def test_an_officer_adds_a_place_and_the_request_form_offers_it(cast, client_for):
    officer = client_for(cast.officer)
    assert _add(officer).status_code == 302
    place = Place.objects.get()
    assert (place.name, str(place.lat), place.created_by) == ("Beira port", "-19.82500", cast.officer)
    assert AuditEvent.objects.filter(verb="maps.place_add").count() == 1
    form = client_for(cast.requester).get("/requests/new/").content.decode()
    assert '<option value="Beira port">' in form and 'id="leg-picker-map"' in form


def test_a_place_already_in_the_gazetteer_or_out_of_range_is_refused(cast, client_for):
    officer = client_for(cast.officer)
    _add(officer)
    response = _add(officer, name="beira PORT")
    assert response.status_code == 400 and "already in the gazetteer" in response.content.decode()
    response = _add(officer, name="Nowhere", lat="95")
    assert response.status_code == 400
    assert Place.objects.count() == 1


@pytest.mark.parametrize("who", ["requester", "hct_member", "hc", "liaison", "observer", "other_officer"])
def test_only_an_officer_of_the_operation_adds_places(who, cast, client_for, api_for):
    user = getattr(cast, who)
    # (the other operation's officer adds to their own operation's gazetteer, never to this one)
    assert _add(client_for(user)).status_code == (302 if who == "other_officer" else 404)
    response = api_for(user).post(
        "/api/v1/map/places/",
        {"operation": cast.operation.pk, "name": "X", "kind": "town", "lat": "1", "lon": "1"},
        format="json",
    )
    assert response.status_code in (403, 404)
    assert not Place.objects.filter(operation=cast.operation).exists()
    assert not AuditEvent.objects.filter(verb="maps.place_add", operation=cast.operation).exists()


def test_the_gazetteer_holds_places_used_in_the_requests_the_user_may_see(cast, world, client_for, api_for):
    client_for(cast.officer).post(
        "/maps/places/", {"name": "Dombe", "kind": "town", "lat": "-19.96667", "lon": "33.4"}
    )
    names = {
        row["name"]
        for row in api_for(cast.requester).get(f"/api/v1/map/places/?operation={cast.operation.pk}").json()
    }
    assert {"Dombe", "Beira airport", "Buzi"} <= names
    assert "Port-au-Prince airport" not in names  # the other operation's
    # a force sees the officers' places, not the legs of requests it may not see
    names = {
        row["name"]
        for row in api_for(cast.liaison).get(f"/api/v1/map/places/?operation={cast.operation.pk}").json()
    }
    assert names == {"Dombe"}
    page = client_for(cast.observer).get("/maps/places/").content.decode()
    assert "Dombe" in page and "Beira airport" in page and "Add a place" not in page


def test_the_api_adds_a_place_and_refuses_a_duplicate_with_a_code(cast, api_for):
    api = api_for(cast.officer)
    data = {
        "operation": cast.operation.pk,
        "name": "Beira port",
        "kind": "port",
        "lat": "-19.825",
        "lon": "34.838",
    }
    response = api.post("/api/v1/map/places/", data, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "Beira port" and response.json()["lat"] == "-19.82500"
    response = api.post("/api/v1/map/places/", {**data, "name": "BEIRA port"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "place_exists" and "already in the gazetteer" in body["fields"]["name"][0]
    response = api.post("/api/v1/map/places/", {**data, "name": "Far", "lat": "-95"}, format="json")
    assert response.status_code == 400 and "lat" in response.json()["fields"]
    assert Place.objects.count() == 1
