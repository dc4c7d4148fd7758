"""A world for the maps: requests each role may or may not see, a task for each of two forces, and one
request in another operation. Built through the services (tests/requests' helpers)."""

import pytest

from requests.models import AssistanceRequest
from tests.requests.conftest import _media, make_request  # noqa: F401 (fixtures)
from tests.requests.hct_helpers import tasked

S = AssistanceRequest.Status

OTHER_LEG = {
    "from_name": "Port-au-Prince airport",
    "from_lat": "18.58000",
    "from_lon": "-72.29250",
    "to_name": "Jacmel",
    "to_lat": "18.23420",
    "to_lon": "-72.53470",
}


@pytest.fixture
def world(cast, make_request):  # noqa: F811
    """{name: object}: a WFP draft, an MSF request under review, a request tasked to SANDF and one tasked to
    FADM (both put to the HCT, so HCT members and the HC see them), and a request of the other operation."""
    sandf_rfa, sandf_task = tasked(cast, make_request, title="Airlift to Buzi for SANDF")
    fadm_rfa, fadm_task = tasked(cast, make_request, force=cast.other_force, title="Trucks to Dombe for FADM")
    return {
        "draft": make_request(status=S.DRAFT, title="WFP draft"),
        "msf": make_request(
            status=S.UNDER_REVIEW, org=cast.requester_other_org.organization, title="MSF ask"
        ),
        "sandf_rfa": sandf_rfa,
        "sandf_task": sandf_task,
        "fadm_rfa": fadm_rfa,
        "fadm_task": fadm_task,
        "haiti": make_request(status=S.SUBMITTED, operation=cast.other_operation, legs=[OTHER_LEG]),
    }
