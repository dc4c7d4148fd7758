"""A party's received notifications as CSV, GeoJSON or KML through the API: what was sent to it only."""

import json

import pytest
from rest_framework.test import APIClient

from accounts.services import token_create

from .test_visibility import FORBIDDEN, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "geojson", "kml"])
def test_a_party_exports_what_was_sent_to_it(cast, world, fmt):  # noqa: F811
    _, raw = token_create(user=cast.liaison, name="force tracker")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = client.get(f"/api/v1/received-notifications/export/{fmt}/?operation={cast.operation.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "WFP warehouse Beira" in text and "MSF clinic Dondo" not in text
    for sentinel in FORBIDDEN:
        assert sentinel not in text
    if fmt == "geojson":
        assert json.loads(text)["type"] == "FeatureCollection"


def test_the_other_force_gets_only_its_own(cast, world, api_for):  # noqa: F811
    response = api_for(cast.liaison_other_force).get(
        f"/api/v1/received-notifications/export/csv/?operation={cast.operation.pk}"
    )
    assert response.status_code == 200
    assert "MSF clinic Dondo" in response.content.decode()
    assert "WFP warehouse Beira" not in response.content.decode()


@pytest.mark.parametrize(
    "who", ["officer", "requester", "hct_member", "hc", "observer", "outsider", "other_officer"]
)
def test_no_one_but_a_party_exports(cast, world, api_for, who):  # noqa: F811
    response = api_for(getattr(cast, who)).get(
        f"/api/v1/received-notifications/export/csv/?operation={cast.operation.pk}"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unknown_format_is_a_404(cast, world, api_for):  # noqa: F811
    response = api_for(cast.liaison).get(
        f"/api/v1/received-notifications/export/pdf/?operation={cast.operation.pk}"
    )
    assert response.status_code == 404
