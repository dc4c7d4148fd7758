"""The registry's CSV for token clients: the page's export, with its visibility, under /api/v1/."""

import pytest

from .test_visibility import AGGREGATE, EVERYONE, _can_see, assets  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", EVERYONE)
def test_the_api_csv_export_has_the_pages_visibility(who, cast, assets, api_for):  # noqa: F811
    response = api_for(getattr(cast, who)).get(f"/api/v1/assets/export/csv/?operation={cast.operation.pk}")
    if who in ("outsider", "other_officer"):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        return
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    for asset in assets:
        assert (asset.description in body) == _can_see(who, asset, cast), (who, asset)
    if who in AGGREGATE:
        assert body.splitlines()[0] == "capability,entries,units,available"
