"""GeoJSON and KML of the operation map, from the page and the API: each role gets exactly what it may see
(a second force's task never reaches the first force), and a force only the fields a force may see."""

import json
import re

import pytest

from cmcoord.models import Role
from requests.models import AssistanceRequest, RequestLeg
from requests.permissions import FORCE_VISIBLE


def _expected(cast, world) -> dict:
    """{role: set of (kind, id)} the map of each role shows (running tasks and visible requests)."""
    w = world
    everyone = {("request", w[k].pk) for k in ("draft", "msf", "sandf_rfa", "fadm_rfa")}
    tasks = {("task", w["sandf_task"].pk), ("task", w["fadm_task"].pk)}
    hct = {("request", w["sandf_rfa"].pk), ("request", w["fadm_rfa"].pk)}
    return {
        Role.CMCOORD_OFFICER: everyone | tasks,
        Role.OBSERVER: everyone | tasks,
        # WFP's requester: WFP's requests (the draft and both tasked ones), not MSF's
        Role.REQUESTER: {("request", w[k].pk) for k in ("draft", "sandf_rfa", "fadm_rfa")} | tasks,
        Role.HCT_MEMBER: hct | tasks,
        Role.HC: hct | tasks,
        Role.MILITARY_LIAISON: {("task", w["sandf_task"].pk)},
    }


def _objects(collection) -> set:
    return {(f["properties"]["kind"], f["properties"]["id"]) for f in collection["features"]}


def _kml_names(body: str) -> list[str]:
    return re.findall(r"<Placemark><name>([^<]*)</name>", body)


@pytest.mark.parametrize("role", Role.values)
def test_exports_per_role_hold_exactly_what_the_role_may_see(role, cast, world, client_for, api_for):
    user = cast.by_role()[role]
    expected = _expected(cast, world)[role]
    page, api = client_for(user), api_for(user)
    op = cast.operation.pk

    page_json = page.get("/maps/export.geojson")
    api_json = api.get(f"/api/v1/map/export.geojson?operation={op}")
    data = page.get("/maps/data.geojson")
    features = api.get(f"/api/v1/map/features/?operation={op}")
    for response in (page_json, api_json, data, features):
        assert response.status_code == 200
        assert _objects(json.loads(response.content)) == expected

    page_kml = page.get("/maps/export.kml")
    api_kml = api.get(f"/api/v1/map/export.kml?operation={op}")
    collection = json.loads(page_json.content)
    names = sorted(f["properties"]["name"] for f in collection["features"])
    for response in (page_kml, api_kml):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.google-earth.kml+xml"
        assert 'filename="map-MOZ-' in response["Content-Disposition"]
        assert sorted(_kml_names(response.content.decode())) == names
    # nothing of the other operation, ever
    for body in (page_json.content, api_json.content, page_kml.content):
        assert b"Jacmel" not in body and world["haiti"].reference.encode() not in body


def test_a_force_never_receives_another_force_task_nor_a_field_it_may_not_see(
    cast, world, client_for, api_for
):
    fadm = world["fadm_task"]
    allowed = set(FORCE_VISIBLE[AssistanceRequest]) | {f"leg_{f}" for f in FORCE_VISIBLE[RequestLeg]}
    allowed |= {"kind", "id", "url", "name", "task_status", "task_status_label", "force"}
    allowed |= {"priority_label", "capability_label"}
    for user, own, other in (
        (cast.liaison, world["sandf_task"], fadm),
        (cast.liaison_other_force, fadm, world["sandf_task"]),
    ):
        body = client_for(user).get("/maps/export.geojson").content.decode()
        collection = json.loads(body)
        assert _objects(collection) == {("task", own.pk)}
        assert other.request.reference not in body and other.request.title not in body
        for feature in collection["features"]:
            assert set(feature["properties"]) <= allowed
            assert feature["properties"]["force"] == own.force.short_name
        # what a force may not see: the requesting organisation, the requester, the site contact
        assert own.request.organization.short_name not in body
        assert own.request.requesting_officer not in body
        kml = client_for(user).get("/maps/export.kml").content.decode()
        assert other.request.reference not in kml and own.request.reference in kml


def test_exports_follow_the_page_filters(cast, world, client_for):
    page = client_for(cast.officer)
    only_drafts = json.loads(page.get("/maps/export.geojson?status=draft&show=requests").content)
    assert _objects(only_drafts) == {("request", world["draft"].pk)}
    only_tasks = json.loads(page.get("/maps/export.geojson?show=tasks").content)
    assert _objects(only_tasks) == {("task", world["sandf_task"].pk), ("task", world["fadm_task"].pk)}
    assert page.get("/maps/export.pdf").status_code == 404


def test_the_request_and_task_pages_embed_only_their_own_legs(cast, world, client_for):
    own, other = world["sandf_task"], world["fadm_task"]
    body = client_for(cast.liaison).get(own.get_absolute_url()).content.decode()
    assert f'id="task-map-{own.pk}"' in body and "js/maps.js" in body
    assert other.request.reference not in body
    assert client_for(cast.liaison).get(other.get_absolute_url()).status_code == 404
    body = client_for(cast.officer).get(world["msf"].get_absolute_url()).content.decode()
    assert f'id="request-map-{world["msf"].pk}"' in body
    assert 'id="request-map-' + str(world["msf"].pk) + '-features"' in body
