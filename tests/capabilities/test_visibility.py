"""Who sees what of the registry, for every role of the cast, on the pages, the CSV export and the API: a
force its own assets; officers, the HCT and the HC every force's; requesters and observers the aggregate only;
the outsider and another operation's officer nothing (404)."""

import pytest

from capabilities.models import Asset
from cmcoord.models import AuditEvent

ALL_FORCES = ("officer", "hct_member", "hc")
AGGREGATE = ("requester", "observer")
EVERYONE = (*ALL_FORCES, *AGGREGATE, "liaison", "liaison_other_force", "outsider", "other_officer")


@pytest.fixture
def assets(cast, declare):
    sandf = declare(description="SANDF Oryx helicopters")
    fadm = declare(force=cast.other_force, capability="land_transport", description="FADM Kamaz trucks")
    return sandf, fadm


def _can_see(who, asset, cast) -> bool:
    if who in ALL_FORCES:
        return True
    if who == "liaison":
        return asset.force == cast.force
    if who == "liaison_other_force":
        return asset.force == cast.other_force
    return False


@pytest.mark.parametrize("who", EVERYONE)
def test_the_asset_page_is_404_unless_the_role_may_see_that_force(who, cast, assets, client_for):
    client = client_for(getattr(cast, who))
    for asset in assets:
        expected = 200 if _can_see(who, asset, cast) else 404
        assert client.get(f"/capabilities/{asset.pk}/").status_code == expected, (who, asset)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_registry_page_lists_what_the_role_may_see(who, cast, assets, client_for):
    response = client_for(getattr(cast, who)).get("/capabilities/")
    if who == "outsider":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    for asset in assets:
        assert (asset.description in html) == _can_see(who, asset, cast), (who, asset)
    if who in AGGREGATE:
        # which capabilities exist, not which force
        assert "Air transport" in html and "Land transport" in html
        assert "SANDF" not in html and "FADM" not in html
    if who == "other_officer":
        assert "No asset declared yet." in html


@pytest.mark.parametrize("who", EVERYONE)
def test_the_csv_export_has_the_same_visibility(who, cast, assets, client_for):
    response = client_for(getattr(cast, who)).get("/capabilities/export.csv")
    if who == "outsider":
        assert response.status_code == 404
        return
    body = response.content.decode()
    for asset in assets:
        assert (asset.description in body) == _can_see(who, asset, cast), (who, asset)
    if who in AGGREGATE:
        assert body.splitlines() == [
            "capability,entries,units,available",
            "air_transport,1,2,1",
            "land_transport,1,2,1",
        ]


@pytest.mark.parametrize("who", EVERYONE)
def test_the_api_has_the_same_visibility(who, cast, assets, api_for):
    api = api_for(getattr(cast, who))
    listed = {row["id"] for row in api.get("/api/v1/assets/").json()["results"]}
    assert listed == {a.pk for a in assets if _can_see(who, a, cast)}
    for asset in assets:
        response = api.get(f"/api/v1/assets/{asset.pk}/")
        assert response.status_code == (200 if _can_see(who, asset, cast) else 404)
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"
    summary = api.get(f"/api/v1/assets/summary/?operation={cast.operation.pk}")
    if who in ("outsider", "other_officer"):
        assert summary.status_code == 404
    else:
        assert summary.json() == [
            {
                "capability": "air_transport",
                "label": "Air transport",
                "entries": 1,
                "units": 2,
                "available": 1,
            },
            {
                "capability": "land_transport",
                "label": "Land transport",
                "entries": 1,
                "units": 2,
                "available": 1,
            },
        ]


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_force_and_the_officers_edit_and_a_refusal_changes_nothing(
    who, cast, assets, client_for, api_for
):
    sandf, _ = assets
    may_edit = who in ("officer", "liaison")
    before = AuditEvent.objects.count()
    page = client_for(getattr(cast, who)).post(f"/capabilities/{sandf.pk}/withdraw/", {"comment": "grounded"})
    api = api_for(getattr(cast, who)).patch(f"/api/v1/assets/{sandf.pk}/", {"quantity": 9}, format="json")
    restore = api_for(getattr(cast, who)).post(f"/api/v1/assets/{sandf.pk}/restore/")
    sandf.refresh_from_db()
    if may_edit:
        assert page.status_code == 302 and api.status_code == 200 and restore.status_code == 200
        assert sandf.status == Asset.Status.AVAILABLE and sandf.quantity == 9
        assert [e.verb for e in AuditEvent.objects.filter(pk__gt=0).order_by("pk")][-3:] == [
            "asset.withdraw",
            "asset.update",
            "asset.restore",
        ]
    else:
        assert page.status_code == 404 and api.status_code == 404 and restore.status_code == 404
        assert sandf.status == Asset.Status.AVAILABLE and sandf.quantity == 2
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_declare(who, cast, client_for, api_for):
    may = who in ("officer", "liaison", "liaison_other_force")
    page = client_for(getattr(cast, who)).get("/capabilities/new/")
    # Haiti's officer declares in their own (current) operation, never in this one
    assert page.status_code == (200 if may or who == "other_officer" else 404)
    response = api_for(getattr(cast, who)).post(
        "/api/v1/assets/",
        {
            "operation": cast.operation.pk,
            "force": cast.force.pk,
            "capability": "medical",
            "description": "Field hospital",
            "base_name": "Beira",
            "available_from": "2026-12-01",
        },
        format="json",
    )
    if who in ("outsider", "other_officer"):
        assert response.status_code == 404
    elif may:
        assert response.status_code == 201, response.json()
        asset = Asset.objects.get(pk=response.json()["id"])
        # a liaison officer declares for their own force whatever they send; an officer on the force's behalf
        assert asset.force == (getattr(cast, who).organization if who != "officer" else cast.force)
        assert asset.on_behalf == (who == "officer")
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "not_allowed"
    if not may:
        assert not Asset.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_the_gaps_page_is_for_officers_the_hct_and_the_hc(who, cast, client_for, make_request):
    make_request(status="approved", title="Airlift nobody can fly")
    response = client_for(getattr(cast, who)).get("/capabilities/gaps/")
    if who == "other_officer":  # their own operation's gaps: none of this one
        assert response.status_code == 200 and "Airlift nobody can fly" not in response.content.decode()
        return
    assert response.status_code == (200 if who in ALL_FORCES else 404)
    if who in ALL_FORCES:
        assert "Airlift nobody can fly" in response.content.decode()


def test_an_asset_of_another_operation_is_404_even_for_its_own_force(cast, declare, client_for, api_for):
    from tests.conftest import member

    cast.other_operation.organizations.add(cast.force)
    haiti_liaison = member(cast.other_operation, "military_liaison", cast.force, "haiti_liaison")
    asset = declare(operation=cast.other_operation, actor=haiti_liaison)
    assert client_for(cast.liaison).get(f"/capabilities/{asset.pk}/").status_code == 404
    assert client_for(cast.officer).get(f"/capabilities/{asset.pk}/").status_code == 404
    assert api_for(cast.officer).get(f"/api/v1/assets/{asset.pk}/").status_code == 404
    assert client_for(haiti_liaison).get(f"/capabilities/{asset.pk}/").status_code == 200
