"""The request search on PostgreSQL: words as prefixes, a misspelt place, ranking, kept by the database."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection

from cmcoord import paging
from cmcoord.paging import EstimatedCountPaginator
from cmcoord.permissions import grant
from requests import search, selectors
from requests.filters import RequestFilter
from requests.models import AssistanceRequest, PlaceName, RequestLeg, RequestSearch
from requests.services import rfa as services

from .conftest import LEG, request_data

S = AssistanceRequest.Status
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
def test_a_misspelt_place_is_looked_for_only_when_no_request_has_the_words(cast, make_request):
    make_request(title="Airlift", legs=[NHAMATANDA])
    # nobody wrote "Nhamatana": the place by similarity
    assert found(cast, "Nhamatana") == ["Airlift"]
    # once a request has the word as typed, the search finds the words only (no similarity on every row)
    make_request(title="School of Nhamatana")
    assert found(cast, "Nhamatana") == ["School of Nhamatana"]


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
@pytest.mark.parametrize("analysed", [False, True])
def test_an_estimated_count_never_decides_which_pages_exist(cast, make_request, monkeypatch, analysed):
    made = {make_request().pk for _ in range(5)}
    if analysed:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE requests_assistancerequest")
    monkeypatch.setattr(paging, "EXACT_BELOW", 0)  # every count is the planner's estimate
    rows = AssistanceRequest.objects.filter(operation=cast.operation).order_by("pk")
    paginator = EstimatedCountPaginator(rows, 2)
    seen, number = [], 1
    while True:
        page = paginator.page(number)
        assert paginator.estimated
        seen += [r.pk for r in page]
        if not page.has_next():
            break
        number = page.next_page_number()
    assert (seen, number) == (sorted(made), 3)
    with pytest.raises(EmptyPage):
        paginator.page(4)
    with pytest.raises(PageNotAnInteger):
        paginator.page("x")


@pytest.mark.django_db
def test_the_api_says_when_its_count_is_an_estimate_and_next_walks_every_row(
    cast, make_request, monkeypatch, api_for
):
    made = {make_request(status=S.SUBMITTED).pk for _ in range(3)}
    api = api_for(cast.officer)
    exact = api.get("/api/v1/requests/", {"page_size": 2}).json()
    assert (exact["count"], exact["count_is_estimate"]) == (3, False)
    monkeypatch.setattr(paging, "EXACT_BELOW", 0)
    url, seen = "/api/v1/requests/?page_size=2", []
    while url:
        body = api.get(url).json()
        assert body["count_is_estimate"] is True
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert set(seen) == made and len(seen) == 3
    # a filtered list counts exactly, whatever its size
    filtered = api.get("/api/v1/requests/", {"status": "submitted"}).json()
    assert (filtered["count"], filtered["count_is_estimate"]) == (3, False)
    tasks = api.get("/api/v1/tasks/").json()
    assert tasks["count_is_estimate"] is True and tasks["results"] == []


@pytest.mark.django_db
def test_the_list_page_says_about_when_it_estimates(cast, make_request, monkeypatch, client_for):
    make_request(status=S.SUBMITTED)
    assert "About" not in client_for(cast.officer).get("/requests/").content.decode()
    monkeypatch.setattr(paging, "EXACT_BELOW", 0)
    assert "About" in client_for(cast.officer).get("/requests/").content.decode()


@pytest.mark.django_db
def test_object_permissions_are_granted_to_groups_only(cast):
    # objects_granted reads the group grants: a grant to a user would be a grant nobody reads
    with pytest.raises(TypeError, match="granted to groups"):
        grant("requests.view_task", cast.liaison, object())


@pytest.mark.django_db
def test_a_misspelt_place_finds_what_the_names_that_look_like_it_find(cast, make_request):
    # given legs that name places: the database keeps each name once, as legs are written or changed
    lifted = make_request(title="Helicopter lift", legs=[NHAMATANDA])
    make_request(title="Second lift", legs=[NHAMATANDA])
    assert PlaceName.objects.filter(name="Nhamatanda").count() == 1
    RequestLeg.objects.filter(request=lifted).update(to_name="Inhaminga")
    assert {"Nhamatanda", "Inhaminga"} <= set(PlaceName.objects.values_list("name", flat=True))
    # and a request that names the place in its description only
    make_request(title="Roads", description="The road to Nhamatanda is cut.")
    # then a misspelling finds what the name it looks like finds, newest first; the name no leg uses any more
    # finds what mentions it
    assert found(cast, "Nhamatana") == ["Roads", "Second lift"]
    assert found(cast, "Inhamiga") == ["Helicopter lift"]
    # and nothing that looks like no place finds nothing
    assert found(cast, "Zzyzx") == []


@pytest.mark.django_db
def test_the_rank_is_where_every_word_is_and_the_best_are_the_first_rank(cast, make_request):
    many = [{**LEG, "from_name": f"Bu{i}a", "to_name": f"Bu{i}b"} for i in range(20)]  # 40 places' words
    elsewhere = [{**LEG, "from_name": "Dondo", "to_name": "Inhaminga"}]
    made = {
        ("bu", 3.0): make_request(title="Bulk airlift", description="Busy roads.", legs=many),
        ("bu", 2.0): make_request(title="Airlift", description="Busy roads.", legs=many),
        ("bu", 1.0): make_request(title="Airlift", description="Bunkers, buses, bundles.", legs=elsewhere),
        ("airlift dondo", 3.0): make_request(title="Airlift to Dondo", legs=[{**LEG, "to_name": "Dondo"}]),
        ("airlift dondo", 2.0): make_request(title="Airlift", legs=[{**LEG, "to_name": "Dondo"}]),
        ("airlift dondo", 1.0): make_request(title="Airlift", description="Dondo is cut off."),  # Buzi
    }
    for q in ("bu", "airlift dondo"):
        words, rank = search._words(q)
        ranked = dict(RequestSearch.objects.filter(words).annotate(r=rank).values_list("pk", "r"))
        expected = {rfa.pk: r for (of, r), rfa in made.items() if of == q}
        assert {pk: ranked.get(pk) for pk in expected} == expected, q
        # the first rank is what best_matches finds (the list's page among the newest)
        best = set(
            RequestSearch.objects.filter(words).filter(search.best_matches(q)).values_list("pk", flat=True)
        )
        assert best == {pk for pk, r in ranked.items() if r == search.TOP_RANK}, q


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["list", "table"])
def test_a_misspelt_place_is_one_that_a_request_the_person_may_find_names(cast, make_request, path):
    """A name that only a request of another operation, or one the person may not see, gives never changes
    what they find: it would tell them that the place is named there."""
    # given a request of the person's organisation (WFP) whose description has the words of two places
    make_request(title="Roads", description="Camp Delta North and Mafambisse Bridge are cut off.")
    # and those places named by legs only in another operation, and by a request of another organisation
    make_request(operation=cast.other_operation, title="Haiti", legs=[{**LEG, "to_name": "Camp Delta North"}])
    make_request(
        org=cast.requester_other_org.organization,
        title="MSF lift",
        legs=[{**LEG, "to_name": "Mafambisse Bridge"}],
    )

    def titles(user, q):
        filterset = RequestFilter(
            {"q": q}, queryset=selectors.requests_for_user(user, cast.operation), operation=cast.operation
        )
        if path == "table":  # the exports' search of the request table
            return sorted(rfa.title for rfa in filterset.qs)
        rows = selectors.listed_requests(user, cast.operation, filterset)
        return sorted(rfa.title for rfa in rows.page_and_count(0, 25)[0])

    # then nobody of this operation finds anything by the other operation's place
    for user in (cast.officer, cast.requester, cast.observer):
        assert titles(user, "Camp Delta Nrth") == [], user
    # and the requester does not by the other organisation's place; the officer, who sees that request, does
    assert titles(cast.requester, "Mafambise Bridge") == []
    assert titles(cast.officer, "Mafambise Bridge") == ["MSF lift", "Roads"]
    # and a place of the person's own request still finds, misspelt
    make_request(title="Airlift", legs=[{**LEG, "to_name": "Camp Delta North"}])
    assert titles(cast.requester, "Camp Delta Nrth") == ["Airlift", "Roads"]
