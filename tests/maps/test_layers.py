"""Layers an officer uploads: validated (not JSON, not GeoJSON, wrong geometry, bad coordinates, too large →
a clear error and nothing stored, nothing audited), from the page and the API; only officers upload."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcoord.models import AuditEvent
from maps.models import MapLayer

ROAD = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "N6", "status": "cut", "nested": {"dropped": True}},
            "geometry": {"type": "LineString", "coordinates": [[34.86, -19.83], [34.74, -19.61]]},
        }
    ],
}
POINT = {"type": "Point", "coordinates": [34.9, -19.8]}


def _file(content, name="layer.geojson"):
    if not isinstance(content, bytes):
        content = json.dumps(content).encode()
    return SimpleUploadedFile(name, content, content_type="application/geo+json")


def _post(client, content, kind="roads", name="Roads"):
    return client.post("/maps/layers/", {"name": name, "kind": kind, "source": "COD", "file": _file(content)})


BAD = [
    pytest.param(b"PK\x03\x04 not json at all", "roads", "The file is not JSON", id="not-json"),
    pytest.param({"hello": "world"}, "roads", "not GeoJSON", id="not-geojson"),
    pytest.param(POINT, "roads", "is a Point; this kind of layer holds only LineString", id="wrong-geometry"),
    pytest.param(
        {"type": "LineString", "coordinates": [[34.8, -19.8], [200, -19.6]]},
        "roads",
        "not longitude, latitude pairs",
        id="bad-coordinates",
    ),
    pytest.param({"type": "FeatureCollection", "features": []}, "other", "no features", id="empty"),
]


@pytest.mark.parametrize(("content", "kind", "message"), BAD)
def test_a_bad_layer_is_refused_with_a_clear_message_and_nothing_is_stored(
    content, kind, message, cast, client_for
):
    events = AuditEvent.objects.count()
    response = _post(client_for(cast.officer), content, kind=kind)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "The layer was not stored" in body
    assert MapLayer.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_layer_over_the_size_limit_is_refused(cast, client_for, settings):
    settings.MAP_LAYER_MAX_BYTES = 1024
    big = {**ROAD, "padding": "x" * 2000}
    response = _post(client_for(cast.officer), big)
    assert response.status_code == 400
    assert "a layer may be at most 1 KB" in response.content.decode()
    assert MapLayer.objects.count() == 0


def test_the_api_refuses_a_bad_layer_with_a_machine_readable_code(cast, api_for, settings):
    api = api_for(cast.officer)
    data = {"operation": cast.operation.pk, "name": "Airstrips", "kind": "admin_boundaries"}
    response = api.post("/api/v1/map/layers/", {**data, "file": _file(ROAD)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "layer_wrong_geometry"
    assert "LineString" in response.json()["fields"]["file"][0]
    settings.MAP_LAYER_MAX_BYTES = 100
    response = api.post("/api/v1/map/layers/", {**data, "file": _file(ROAD)}, format="multipart")
    assert response.json()["code"] == "layer_too_large"
    response = api.post("/api/v1/map/layers/", {**data, "file": _file(b"{oops")}, format="multipart")
    assert (response.status_code, response.json()["code"]) == (400, "layer_not_json")
    assert MapLayer.objects.count() == 0


def test_an_officer_uploads_a_layer_every_member_sees_and_it_is_audited(cast, client_for, api_for):
    response = _post(client_for(cast.officer), ROAD)
    assert response.status_code == 302
    layer = MapLayer.objects.get()
    assert (layer.kind, layer.feature_count, layer.uploaded_by) == ("roads", 1, cast.officer)
    assert layer.geojson["features"][0]["properties"] == {"name": "N6", "status": "cut"}
    assert AuditEvent.objects.filter(verb="maps.layer_upload", object_id=str(layer.pk)).count() == 1
    for user in (cast.liaison, cast.requester, cast.observer):
        assert client_for(user).get(f"/maps/layers/{layer.pk}.geojson").json() == layer.geojson
        listed = api_for(user).get(f"/api/v1/map/layers/?operation={cast.operation.pk}").json()
        assert [row["id"] for row in listed] == [layer.pk]
    assert client_for(cast.other_officer).get(f"/maps/layers/{layer.pk}.geojson").status_code == 404
    assert client_for(cast.outsider).get(f"/maps/layers/{layer.pk}.geojson").status_code == 404


@pytest.mark.parametrize("who", ["requester", "hct_member", "hc", "liaison", "observer", "other_officer"])
def test_only_an_officer_of_the_operation_uploads_or_withdraws(who, cast, client_for, api_for):
    user = getattr(cast, who)
    # (the other operation's officer uploads into their own operation, never into this one)
    assert _post(client_for(user), ROAD).status_code == (302 if who == "other_officer" else 404)
    response = api_for(user).post(
        "/api/v1/map/layers/",
        {"operation": cast.operation.pk, "name": "R", "kind": "roads", "file": _file(ROAD)},
        format="multipart",
    )
    assert response.status_code in (403, 404)
    assert not MapLayer.objects.filter(operation=cast.operation).exists()
    _post(client_for(cast.officer), ROAD)
    layer = MapLayer.objects.get(operation=cast.operation)
    events = AuditEvent.objects.count()
    assert client_for(user).post(f"/maps/layers/{layer.pk}/withdraw/").status_code == 404
    layer.refresh_from_db()
    assert layer.withdrawn_at is None and AuditEvent.objects.count() == events


def test_a_withdrawn_layer_is_no_longer_drawn_but_stays_on_record(cast, client_for):
    officer = client_for(cast.officer)
    _post(officer, ROAD)
    layer = MapLayer.objects.get()
    assert officer.post(f"/maps/layers/{layer.pk}/withdraw/").status_code == 302
    assert officer.get(f"/maps/layers/{layer.pk}.geojson").status_code == 404
    assert layer.name not in officer.get("/maps/").content.decode()
    assert MapLayer.objects.filter(pk=layer.pk, withdrawn_at__isnull=False).exists()
    assert AuditEvent.objects.filter(verb="maps.layer_withdraw").count() == 1
