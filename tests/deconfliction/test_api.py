"""The API: the permissions and services of the pages; refusals are 409 with a code and change nothing."""

from decimal import Decimal

from cmcoord.models import AuditEvent
from deconfliction.models import Acknowledgement, HumanitarianNotification, Transmission

from .conftest import LEGS, STAFF_SENTINEL, movement_fields


def _json_legs():
    return [{k: str(v) if isinstance(v, Decimal) else v for k, v in leg.items()} for leg in LEGS]


def _movement_body(cast, **overrides):
    fields = movement_fields()
    body = {
        "operation": cast.operation.pk,
        "organization": cast.wfp.pk,
        "kind": "movement",
        **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()},
        "legs": _json_legs(),
    }
    body.update(overrides)
    return body


def test_a_requester_notifies_a_movement_and_the_officer_transmits_it(cast, api_for):
    created = api_for(cast.requester).post(
        "/api/v1/humanitarian-notifications/", _movement_body(cast), format="json"
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "submitted"
    assert len(data["current_version"]["legs"]) == 2
    assert data["current_version"]["staff_count"] == STAFF_SENTINEL  # humanitarian users see every field

    answer = api_for(cast.officer).post(
        f"/api/v1/humanitarian-notifications/{data['id']}/transmit/",
        {"parties": [cast.force.pk, cast.other_force.pk]},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "transmitted"
    assert {t["party_id"] for t in answer.json()["transmissions"]} == {cast.force.pk, cast.other_force.pk}


def test_invalid_input_is_400_in_the_one_shape_and_creates_nothing(cast, api_for):
    answer = api_for(cast.requester).post(
        "/api/v1/humanitarian-notifications/",
        _movement_body(cast, legs=[], vehicle_count=None),
        format="json",
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid" and "legs" in body["fields"]
    assert not HumanitarianNotification.objects.exists()


def test_a_second_acknowledgement_is_409_and_changes_nothing(cast, api_for, make_movement, transmit):
    (transmission,) = transmit(make_movement())
    api = api_for(cast.liaison)
    first = api.post(f"/api/v1/received-notifications/{transmission.pk}/acknowledge/")
    assert first.status_code == 200
    assert first.json()["status"] == "acknowledged"
    events = AuditEvent.objects.count()

    again = api.post(f"/api/v1/received-notifications/{transmission.pk}/acknowledge/")

    assert again.status_code == 409
    assert again.json()["code"] == "not_allowed_in_state"
    assert set(again.json()) == {"code", "detail", "fields"}
    assert Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_stale_acknowledgement_is_409_concurrent_change(cast, api_for, make_movement, transmit):
    (transmission,) = transmit(make_movement())
    answer = api_for(cast.liaison).post(
        f"/api/v1/received-notifications/{transmission.pk}/acknowledge/",
        {"expected_status": "acknowledged"},
        format="json",
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "concurrent_change"
    transmission.refresh_from_db()
    assert transmission.status == Transmission.Status.AWAITING


def test_a_requester_transmitting_is_409_role_not_allowed(cast, api_for, make_site):
    site = make_site()
    answer = api_for(cast.requester).post(
        f"/api/v1/humanitarian-notifications/{site.pk}/transmit/", {"parties": [cast.force.pk]}, format="json"
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "role_not_allowed"
    site.refresh_from_db()
    assert site.status == "submitted"
    assert not Transmission.objects.exists()


def test_transmitting_a_withdrawn_site_is_409(cast, api_for, make_site):
    site = make_site()
    withdrawn = api_for(cast.requester).post(f"/api/v1/humanitarian-notifications/{site.pk}/withdraw/", {})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    answer = api_for(cast.officer).post(
        f"/api/v1/humanitarian-notifications/{site.pk}/transmit/", {"parties": [cast.force.pk]}, format="json"
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "not_allowed_in_state"
    assert not Transmission.objects.exists()


def test_a_concern_through_the_api(cast, api_for, make_site, transmit):
    (transmission,) = transmit(make_site())
    empty = api_for(cast.liaison).post(
        f"/api/v1/received-notifications/{transmission.pk}/concern/", {"text": ""}
    )
    assert empty.status_code == 400 and "text" in empty.json()["fields"]
    sent = api_for(cast.liaison).post(
        f"/api/v1/received-notifications/{transmission.pk}/concern/", {"text": "Road mined at km 12"}
    )
    assert sent.status_code == 200
    assert transmission.concerns.get().text == "Road mined at km 12"


def test_an_update_through_the_api_is_a_new_version(cast, api_for, make_site, transmit):
    site = make_site()
    transmit(site)
    v = site.current_version
    body = {
        "site_type": v.site_type,
        "name": "Moved warehouse",
        "lat": "-19.80000",
        "lon": "34.86000",
        "party_contact": v.party_contact,
        "expected_status": "transmitted",
    }
    answer = api_for(cast.requester).post(
        f"/api/v1/humanitarian-notifications/{site.pk}/revise/", body, format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["version_count"] == 2
    assert answer.json()["status"] == "submitted"
    assert answer.json()["current_version"]["name"] == "Moved warehouse"
