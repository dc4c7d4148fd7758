"""The request search on PostgreSQL: words as prefixes, a misspelt place, ranking, kept by the database."""

import pytest

from cmcoord import paging
from cmcoord.paging import EstimatedCountPaginator
from cmcoord.permissions import grant
from requests import selectors
from requests.filters import RequestFilter
from requests.models import AssistanceRequest
from requests.services import rfa as services

from .conftest import LEG, request_data

NHAMATANDA = {**LEG, "to_name": "Nhamatanda"}


def found(cast, q: str) -> list[str]:
    filterset = RequestFilter(
        {"q": q}, queryset=selectors.requests_for_user(cast.officer, cast.operation), operation=cast.operation
    )
    return [rfa.title for rfa in filterset.qs]


@pytest.mark.django_db
def test_words_match_as_prefixes_and_a_misspelt_place_still_finds(cast, make_request):
    make_request(title="Helicopter lift to the district", description="Medical staff.", legs=[NHAMATANDA])
    make_request(title="Boat to Buzi", description="Shelter kits.")
    assert found(cast, "helicop") == ["Helicopter lift to the district"]  # a prefix of a word
    assert found(cast, "Nhamatanda") == ["Helicopter lift to the district"]  # a place of its legs
    assert found(cast, "Nhamatana") == ["Helicopter lift to the district"]  # misspelt
    assert found(cast, "sentinel") == []


@pytest.mark.django_db
def test_the_best_match_comes_first(cast, make_request):
    # given an older request with the word in its title, a newer one with it only in its description
    make_request(title="Water trucking to Dondo", description="Tankers for the camps.")
    make_request(title="Tents for the camps", description="Water is short in Dondo.")
    # then a search without a chosen sort ranks the title first; a chosen sort wins
    assert found(cast, "water") == ["Water trucking to Dondo", "Tents for the camps"]
    filterset = RequestFilter(
        {"q": "water", "sort": "-created"},
        queryset=selectors.requests_for_user(cast.officer, cast.operation),
        operation=cast.operation,
    )
    assert [r.title for r in filterset.qs] == ["Tents for the camps", "Water trucking to Dondo"]


@pytest.mark.django_db
def test_the_database_keeps_the_search_current_when_legs_and_title_change(cast, make_request):
    rfa = make_request(title="Airlift of food")
    assert found(cast, "Nhamatanda") == []
    services.request_update(
        rfa=rfa, actor=cast.officer, data=request_data(title="Airlift"), legs=[NHAMATANDA]
    )
    assert found(cast, "Nhamatanda") == ["Airlift"]
    assert found(cast, "food") == []


@pytest.mark.django_db
def test_a_big_unfiltered_list_is_estimated_and_a_small_one_counted(cast, make_request, monkeypatch):
    for _ in range(3):
        make_request()
    rows = AssistanceRequest.objects.filter(operation=cast.operation)
    assert EstimatedCountPaginator(rows, 25).count == 3
    # above the threshold, the planner's estimate (the table was never analysed: not the exact 3)
    monkeypatch.setattr(paging, "EXACT_BELOW", 0)
    assert EstimatedCountPaginator(rows, 25).count >= 0
    assert EstimatedCountPaginator(rows.none(), 25).count == 0


@pytest.mark.django_db
def test_object_permissions_are_granted_to_groups_only(cast):
    # objects_granted reads the group grants: a grant to a user would be a grant nobody reads
    with pytest.raises(TypeError, match="granted to groups"):
        grant("requests.view_task", cast.liaison, object())
