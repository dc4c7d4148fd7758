"""The demo's assets, and the registry's own pages: declaring on a force's behalf, editing, the history."""

from django.core.management import call_command

from capabilities import selectors
from capabilities.models import Asset
from cmcoord.models import AuditEvent, Operation, User


def test_the_demo_has_assets_of_sandf_and_fadm_declared_through_the_services_once(db):
    call_command("seed_demo")
    call_command("seed_demo")
    operation = Operation.objects.get(code="MOZ")
    assets = Asset.objects.filter(operation=operation)
    assert set(assets.values_list("force__acronym", flat=True)) == {"SANDF", "FADM"}
    assert assets.count() == 6
    assert AuditEvent.objects.filter(verb="asset.declare", operation=operation).count() == 6
    # the liaison officers declared their own; the officer recorded the landing craft from the MNCC briefing
    assert set(assets.filter(on_behalf=False).values_list("recorded_by__username", flat=True)) == {
        "liaison",
        "liaison2",
    }
    assert assets.get(on_behalf=True).source == "MNCC briefing, 28 Nov"
    # SANDF's liaison officer sees SANDF's three assets only
    liaison = User.objects.get(username="liaison")
    assert {a.force.acronym for a in selectors.assets_for_user(liaison, operation)} == {"SANDF"}
    # the demo's land transport put to the HCT with "Unarmed personnel only": FADM's armed trucks are
    # blocked, so it shows as a gap
    officer = User.objects.get(username="officer")
    gaps = selectors.gaps(officer, operation)
    assert [g["capability"] for g in gaps] == ["land_transport"]
    assert gaps[0]["rows"][0]["best"].blocked


def test_an_officer_records_an_asset_on_a_forces_behalf_through_the_page(cast, client_for):
    officer = client_for(cast.officer)
    page = officer.get("/capabilities/new/").content.decode()
    assert "You record this asset on a force's behalf" in page
    response = officer.post(
        "/capabilities/new/",
        {
            "force": cast.other_force.pk,
            "capability": "sea_transport",
            "description": "2 × landing craft",
            "quantity": "2",
            "base_name": "Port of Beira",
            "available_from": "2026-11-29",
            "notice_hours": "24",
            "constraints": ["no_direct_assistance"],
            "source": "MNCC briefing",
        },
    )
    asset = Asset.objects.get()
    assert response.status_code == 302 and response.url == f"/capabilities/{asset.pk}/"
    assert asset.force == cast.other_force and asset.on_behalf and asset.recorded_by == cast.officer
    # the force sees it marked, and who recorded it only by organisation
    html = client_for(cast.liaison_other_force).get(f"/capabilities/{asset.pk}/").content.decode()
    assert "Recorded on the force's behalf by OCHA (source: MNCC briefing)." in html
    assert cast.officer.get_full_name() not in html


def test_a_liaison_officer_cannot_pick_another_force_on_the_page(cast, client_for):
    page = client_for(cast.liaison).get("/capabilities/new/").content.decode()
    assert 'name="force"' not in page and 'name="source"' not in page


def test_bad_input_on_the_page_is_a_clear_message_and_changes_nothing(cast, client_for):
    response = client_for(cast.liaison).post(
        "/capabilities/new/",
        {
            "capability": "air_transport",
            "description": "Oryx",
            "quantity": "1",
            "base_name": "Beira",
            "base_lat": "-19.8",
            "available_from": "2026-12-10",
            "available_until": "2026-12-01",
            "notice_hours": "6",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give both the latitude and the longitude of the base, or neither." in html
    assert "The asset cannot be available until a day before it is available." in html
    assert not Asset.objects.exists() and not AuditEvent.objects.filter(verb__startswith="asset.").exists()


def test_editing_through_the_page_is_audited_and_shown_in_the_history(cast, declare, client_for):
    asset = declare()
    liaison = client_for(cast.liaison)
    form = {
        "capability": "air_transport",
        "description": "2 × Oryx helicopters",
        "quantity": "1",
        "passengers": "16",
        "payload_kg": "8000",
        "volume_m3": "20",
        "range_km": "550",
        "base_name": "Beira airport",
        "base_lat": "-19.79639",
        "base_lon": "34.90778",
        "available_from": str(asset.available_from),
        "available_until": str(asset.available_until),
        "notice_hours": "6",
    }
    assert liaison.post(f"/capabilities/{asset.pk}/edit/", form).status_code == 302
    asset.refresh_from_db()
    assert asset.quantity == 1
    event = AuditEvent.objects.for_object(asset).get(verb="asset.update")
    assert event.data["changes"] == {"quantity": [2, 1]}
    html = liaison.get(f"/capabilities/{asset.pk}/").content.decode()
    assert "edited the asset" in html and "declared the asset" in html


def test_the_api_refuses_bad_input_in_the_one_shape(cast, api_for):
    response = api_for(cast.liaison).post(
        "/api/v1/assets/",
        {"operation": cast.operation.pk, "capability": "teleport", "description": "x", "base_name": "B"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "capability" in body["fields"] and "available_from" in body["fields"]
    assert not Asset.objects.exists()


def test_the_api_asks_for_the_operation(cast, api_for):
    response = api_for(cast.liaison).post(
        "/api/v1/assets/",
        {"capability": "medical", "description": "x", "base_name": "B", "available_from": "2026-12-01"},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()["fields"]) == ["operation"]
    assert not Asset.objects.exists()


def test_a_partial_api_update_of_the_base_keeps_the_pair_rule(cast, declare, api_for):
    asset = declare()
    api = api_for(cast.liaison)
    moved = api.patch(f"/api/v1/assets/{asset.pk}/", {"base_lat": "-19.5"}, format="json")
    assert moved.status_code == 200
    half = api.patch(f"/api/v1/assets/{asset.pk}/", {"base_lon": None}, format="json")
    assert half.status_code == 400 and "base_lat" in half.json()["fields"]
    asset.refresh_from_db()
    assert str(asset.base_lat) == "-19.50000" and asset.base_lon is not None


def test_the_api_ignores_a_force_or_operation_sent_on_update(cast, declare, api_for):
    asset = declare()
    response = api_for(cast.liaison).patch(
        f"/api/v1/assets/{asset.pk}/",
        {"force": cast.other_force.pk, "operation": cast.other_operation.pk, "notice_hours": 3},
        format="json",
    )
    assert response.status_code == 200
    asset.refresh_from_db()
    assert (asset.force, asset.operation, asset.notice_hours) == (cast.force, cast.operation, 3)
