"""The database refuses what the forms and serializers refuse, should any code path skip them."""

import pytest
from django.db import IntegrityError, transaction

from requests.models import AssistanceRequest, RequestLeg


@pytest.mark.parametrize(
    ("model", "change"),
    [
        ("request", {"status": "lost"}),
        ("request", {"latest_acceptable": "2000-01-01"}),
        ("request", {"cargo_weight_kg": -1}),
        ("request", {"cargo_volume_m3": -1}),
        ("request", {"priority": "whenever"}),
        ("leg", {"from_lat": 90.5}),
        ("leg", {"to_lat": -90.5}),
        ("leg", {"from_lon": 180.5}),
        ("leg", {"to_lon": -180.5}),
    ],
)
def test_the_database_refuses_impossible_values(cast, make_request, model, change):
    rfa = make_request()
    queryset = (
        AssistanceRequest.objects.filter(pk=rfa.pk)
        if model == "request"
        else RequestLeg.objects.filter(request=rfa)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**change)
