"""Who sees what (DOMAIN.md, "Humanitarian notification"), per role and party: pages, exports, the API.

A party sees only what was transmitted to it, and of that only what was sent: never the number of staff, the
internal notes, the internal contact, who submitted it, or anything transmitted to another party. Whoever may
not see an object gets 404, and another operation's officer sees nothing.
"""

import json
import re

import pytest
from django.urls import reverse

from cmcoord.models import Notification
from deconfliction.payload import PAYLOAD_KEYS

from .conftest import CONTACT_SENTINEL, NOTES_SENTINEL, STAFF_SENTINEL

FORBIDDEN = [str(STAFF_SENTINEL), NOTES_SENTINEL, CONTACT_SENTINEL]


@pytest.fixture
def world(cast, make_site, make_movement, transmit):
    """A site and a convoy sent to SANDF only; an MSF site sent to FADM only; one not transmitted."""
    from deconfliction import services

    site = make_site()
    convoy = make_movement()
    (site_to_sandf,) = transmit(site, cast.force)
    (convoy_to_sandf,) = transmit(convoy, cast.force)
    msf_site = services.notification_submit(
        operation=cast.operation,
        organization=cast.requester_other_org.organization,
        kind="site",
        actor=cast.requester_other_org,
        fields={
            "site_type": "clinic",
            "name": "MSF clinic Dondo",
            "lat": "-19.61",
            "lon": "34.74",
            "party_contact": "MSF Dondo +258 1",
            "markings": "MSF logo",
        },
    )
    (msf_to_fadm,) = transmit(msf_site, cast.other_force)
    pending = make_site(name="Not yet transmitted")
    return {
        "site": site,
        "convoy": convoy,
        "msf_site": msf_site,
        "pending": pending,
        "site_to_sandf": site_to_sandf,
        "convoy_to_sandf": convoy_to_sandf,
        "msf_to_fadm": msf_to_fadm,
    }


HUMANITARIAN_DETAIL = {
    # who: which of the world's notifications they may open
    "officer": {"site", "convoy", "msf_site", "pending"},
    "observer": {"site", "convoy", "msf_site", "pending"},
    "requester": {"site", "convoy", "pending"},
    "requester_same_org": {"site", "convoy", "pending"},
    "requester_other_org": {"msf_site"},
    "hct_member": set(),
    "hc": set(),
    "liaison": set(),
    "liaison_other_force": set(),
    "outsider": set(),
    "other_officer": set(),
}


@pytest.mark.parametrize("who", sorted(HUMANITARIAN_DETAIL))
def test_the_humanitarian_page_and_api_of_each_notification_per_role(cast, world, client_for, api_for, who):
    user = getattr(cast, who)
    client, api = client_for(user), api_for(user)
    for name in ("site", "convoy", "msf_site", "pending"):
        pk = world[name].pk
        expected = 200 if name in HUMANITARIAN_DETAIL[who] else 404
        assert client.get(reverse("deconfliction:detail", args=[pk])).status_code == expected, name
        assert api.get(f"/api/v1/humanitarian-notifications/{pk}/").status_code == expected, name
    listed = {n["reference"] for n in api.get("/api/v1/humanitarian-notifications/").json()["results"]}
    assert listed == {world[name].reference for name in HUMANITARIAN_DETAIL[who]}


RECEIVED = {
    "liaison": {"site_to_sandf", "convoy_to_sandf"},
    "liaison_other_force": {"msf_to_fadm"},
    "officer": set(),
    "requester": set(),
    "observer": set(),
    "hct_member": set(),
    "hc": set(),
    "outsider": set(),
    "other_officer": set(),
}


@pytest.mark.parametrize("who", sorted(RECEIVED))
def test_a_party_sees_only_what_was_transmitted_to_it(cast, world, client_for, api_for, who):
    user = getattr(cast, who)
    client, api = client_for(user), api_for(user)
    for name in ("site_to_sandf", "convoy_to_sandf", "msf_to_fadm"):
        pk = world[name].pk
        expected = 200 if name in RECEIVED[who] else 404
        assert client.get(reverse("deconfliction:received", args=[pk])).status_code == expected, name
        assert api.get(f"/api/v1/received-notifications/{pk}/").status_code == expected, name
        assert api.post(f"/api/v1/received-notifications/{pk}/acknowledge/").status_code in (
            {200} if expected == 200 else {404}
        ), name
    listed = {t["id"] for t in api.get("/api/v1/received-notifications/").json()["results"]}
    assert listed == {world[name].pk for name in RECEIVED[who]}


@pytest.mark.parametrize("who", ["hct_member", "hc", "outsider"])
def test_no_list_for_those_with_no_part_in_it(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(reverse("deconfliction:list")).status_code == 404


def test_the_list_of_the_other_operation_shows_nothing_of_this_one(cast, world, client_for, api_for):
    client = client_for(cast.other_officer)
    page = client.get(reverse("deconfliction:list"))
    assert page.status_code == 200
    for notification in world.values():
        assert (
            notification.reference not in page.content.decode()
            if hasattr(notification, "reference")
            else True
        )
    response = api_for(cast.other_officer).get(
        f"/api/v1/humanitarian-notifications/?operation={cast.operation.pk}"
    )
    assert response.status_code == 404


def _everything_the_party_reads(cast, world, client_for, api_for, user) -> str:
    client, api = client_for(user), api_for(user)
    texts = [client.get(reverse("deconfliction:list")).content.decode()]
    for name in ("site_to_sandf", "convoy_to_sandf"):
        texts.append(client.get(reverse("deconfliction:received", args=[world[name].pk])).content.decode())
        texts.append(api.get(f"/api/v1/received-notifications/{world[name].pk}/").content.decode())
    texts.append(api.get("/api/v1/received-notifications/").content.decode())
    for fmt in ("csv", "geojson", "kml"):
        texts.append(client.get(reverse("deconfliction:received_export", args=[fmt])).content.decode())
    texts.append(client.get(reverse("home")).content.decode())
    for n in Notification.objects.filter(recipient=user):
        texts += [n.subject, n.body_text, n.body_html]
    return "\n".join(texts)


def test_field_exhaustive_a_party_never_reads_a_humanitarian_only_field(cast, world, client_for, api_for):
    cast.requester.first_name, cast.requester.last_name = "Zebulon", "Quixotewright"
    cast.requester.save(update_fields=["first_name", "last_name"])
    everything = _everything_the_party_reads(cast, world, client_for, api_for, cast.liaison)

    assert "Nhamatanda" in everything and "WFP warehouse Beira" in everything  # what it may read is there
    for sentinel in FORBIDDEN:
        assert sentinel not in everything
    assert not re.search(rf"(?<!\d){STAFF_SENTINEL}(?!\d)", everything)
    # Nor who submitted it, nor the other party's notification, nor the untransmitted one.
    assert cast.requester.username not in everything
    assert cast.requester.last_name not in everything
    assert "MSF clinic Dondo" not in everything
    assert "FADM" not in everything
    assert "Not yet transmitted" not in everything


def test_field_exhaustive_the_party_api_answers_with_the_payload_keys_only(cast, world, api_for):
    for item in api_for(cast.liaison).get("/api/v1/received-notifications/").json()["results"]:
        assert set(item) == {"id", "status", "sent_at", "acknowledged_at", "payload"}
        assert set(item["payload"]) <= PAYLOAD_KEYS
        for forbidden in ("staff_count", "internal_notes", "internal_contact", "created_by"):
            assert forbidden not in json.dumps(item)


def test_concerns_go_to_officers_and_the_submitter_not_observers(cast, world, api_for, client_for):
    from deconfliction import services

    services.transmission_raise_concern(
        transmission=world["site_to_sandf"], actor=cast.liaison, text="CONCERN-TEXT-1"
    )
    url = reverse("deconfliction:detail", args=[world["site"].pk])
    assert "CONCERN-TEXT-1" in client_for(cast.officer).get(url).content.decode()
    assert "CONCERN-TEXT-1" in client_for(cast.requester).get(url).content.decode()
    assert "CONCERN-TEXT-1" not in client_for(cast.observer).get(url).content.decode()
    api_answer = api_for(cast.observer).get(f"/api/v1/humanitarian-notifications/{world['site'].pk}/").json()
    assert "concerns" not in api_answer
    assert (
        api_for(cast.officer)
        .get(f"/api/v1/humanitarian-notifications/{world['site'].pk}/")
        .json()["concerns"][0]["text"]
        == "CONCERN-TEXT-1"
    )
    # The other party never hears of it.
    assert (
        "CONCERN-TEXT-1"
        not in client_for(cast.liaison_other_force).get(reverse("deconfliction:list")).content.decode()
    )


def test_the_record_export_is_for_officers_and_the_submitter(cast, world, client_for):
    url = reverse("deconfliction:record", args=[world["site"].pk])
    for who, expected in (
        ("officer", 200),
        ("requester", 200),
        ("observer", 404),
        ("requester_other_org", 404),
        ("liaison", 404),
        ("other_officer", 404),
    ):
        assert client_for(getattr(cast, who)).get(url).status_code == expected, who
    body = client_for(cast.officer).get(url).content.decode()
    assert "dispatch:transmitted" in body and "SANDF" in body


def test_field_exhaustive_every_field_of_a_version_is_classified_and_the_payload_holds_no_private_one(
    cast, world
):
    from deconfliction import payload
    from deconfliction.models import Dispatch, NotificationVersion

    names = {f.name for f in NotificationVersion._meta.get_fields() if not f.auto_created or f.concrete}
    names -= {"legs", "dispatches"}  # reverse relations
    classified = (
        set(payload.SITE_FIELDS)
        | set(payload.MOVEMENT_FIELDS)
        | set(payload.COMMON_FIELDS)
        | set(payload.HUMANITARIAN_ONLY)
        | set(payload.RECORD_FIELDS)
    )
    assert names == classified
    for dispatch in Dispatch.objects.all():
        assert not set(dispatch.payload) & set(payload.HUMANITARIAN_ONLY)
        assert set(dispatch.payload) <= PAYLOAD_KEYS
