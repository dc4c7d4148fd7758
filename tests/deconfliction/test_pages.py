"""The pages: forms validate, one service writes, refusals are a message and change nothing."""

from django.urls import reverse

from cmcoord.models import AuditEvent
from deconfliction.models import HumanitarianNotification, Transmission


def test_a_requester_notifies_a_site_through_the_page(cast, client_for):
    client = client_for(cast.requester)
    form = client.get(reverse("deconfliction:create", args=["site"]))
    assert form.status_code == 200
    response = client.post(
        reverse("deconfliction:create", args=["site"]),
        {
            "organization": cast.wfp.pk,
            "site_type": "clinic",
            "name": "Mobile clinic Buzi",
            "lat": "-19.87",
            "lon": "34.62",
            "party_contact": "Clinic lead +258 1",
            "staff_count": "5",
        },
    )
    site = HumanitarianNotification.objects.get()
    assert response.status_code == 302 and response["Location"] == site.get_absolute_url()
    assert site.current_version.name == "Mobile clinic Buzi"
    assert site.ends_at is None  # a standing site


def test_an_invalid_movement_is_400_with_messages_and_nothing_created(cast, client_for):
    response = client_for(cast.requester).post(
        reverse("deconfliction:create", args=["movement"]),
        {
            "organization": cast.wfp.pk,
            "movement_type": "convoy",
            "purpose": "",
            "legs-TOTAL_FORMS": "1",
            "legs-INITIAL_FORMS": "0",
            "legs-MIN_NUM_FORMS": "1",
            "legs-MAX_NUM_FORMS": "20",
        },
    )
    assert response.status_code == 400
    assert "Please correct the fields marked below" in response.content.decode()
    assert not HumanitarianNotification.objects.exists()


def test_hct_members_and_the_military_cannot_open_the_forms(cast, client_for):
    for who in ("hct_member", "hc", "liaison", "observer", "outsider"):
        assert (
            client_for(getattr(cast, who)).get(reverse("deconfliction:create", args=["site"])).status_code
            == 404
        )


def test_the_officer_transmits_and_the_party_acknowledges_and_raises_a_concern(cast, client_for, make_site):
    site = make_site()
    officer = client_for(cast.officer)
    page = officer.get(site.get_absolute_url()).content.decode()
    assert (
        "Transmit to the parties" in page
        and "SANDF" in page
        and "UNICEF" not in page.split("transmit-form")[1].split("</form>")[0]
    )
    officer.post(reverse("deconfliction:transmit", args=[site.pk]), {"parties": [cast.force.pk]})
    transmission = Transmission.objects.get()

    party = client_for(cast.liaison)
    response = party.post(reverse("deconfliction:acknowledge", args=[transmission.pk]))
    assert response.status_code == 302
    transmission.refresh_from_db()
    assert transmission.status == "acknowledged"
    empty = party.post(reverse("deconfliction:concern", args=[transmission.pk]), {"text": ""})
    assert empty.status_code == 400
    party.post(
        reverse("deconfliction:concern", args=[transmission.pk]), {"text": "Crossfire reported nearby"}
    )
    assert transmission.concerns.count() == 1


def test_a_refused_withdrawal_is_a_message_and_changes_nothing(cast, client_for, make_site):
    site = make_site()
    events = AuditEvent.objects.count()
    client = client_for(cast.requester_other_org)
    # Another organisation's requester does not even see it.
    assert client.post(reverse("deconfliction:withdraw", args=[site.pk]), {}).status_code == 404
    observer = client_for(cast.observer)
    response = observer.post(reverse("deconfliction:withdraw", args=[site.pk]), {}, follow=True)
    assert "cannot" in response.content.decode()
    site.refresh_from_db()
    assert site.status == "submitted"
    assert AuditEvent.objects.count() == events


def test_an_update_through_the_page_records_a_new_version(cast, client_for, make_movement):
    movement = make_movement()
    client = client_for(cast.requester)
    form = client.get(reverse("deconfliction:edit", args=[movement.pk]))
    assert form.status_code == 200 and "Nhamatanda" in form.content.decode()
    v = movement.current_version
    data = {
        "expected_status": "submitted",
        "movement_type": "convoy",
        "purpose": v.purpose,
        "starts_at": v.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": v.ends_at.strftime("%Y-%m-%dT%H:%M"),
        "vehicle_count": "5",
        "party_contact": v.party_contact,
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-MIN_NUM_FORMS": "1",
        "legs-MAX_NUM_FORMS": "20",
        "legs-0-from_name": "Beira",
        "legs-0-from_lat": "-19.84",
        "legs-0-from_lon": "34.83",
        "legs-0-to_name": "Buzi",
        "legs-0-to_lat": "-19.87",
        "legs-0-to_lon": "34.62",
    }
    response = client.post(reverse("deconfliction:edit", args=[movement.pk]), data)
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.version_count == 2
    assert movement.current_version.vehicle_count == 5
    assert [leg.to_name for leg in movement.current_version.legs.all()] == ["Buzi"]


def test_the_partys_map_draws_what_was_sent_to_it_and_nothing_else(
    cast, make_site, make_movement, transmit, client_for
):
    import json

    site = make_site(name="WFP warehouse Beira")
    convoy = make_movement()
    hidden = make_site(name="Sent to FADM only")
    transmit(site, cast.force)
    transmit(convoy, cast.force)
    transmit(hidden, cast.other_force)
    page = client_for(cast.liaison).get("/deconfliction/").content.decode()
    block = page.split('<script id="received-map-features"', 1)[1].split(">", 1)[1].split("</script>", 1)[0]
    features = json.loads(block)["features"]
    sites = [f for f in features if f["geometry"]["type"] == "Point"]
    legs = [f for f in features if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["title"] for f in sites] == ["WFP warehouse Beira"]
    assert sites[0]["geometry"]["coordinates"] == [
        float(site.current_version.lon),
        float(site.current_version.lat),
    ]
    assert len(legs) == convoy.current_version.legs.count()
    assert all(f["properties"]["url"].startswith("/deconfliction/received/") for f in features)
    assert "Sent to FADM only" not in block
