"""The search reads the copies of the requests (models.search.RequestSearch, issue 15): kept by the database,
seen under the same rules as the requests, counted and paged in one query, and finding on the list page and
in the API exactly what the request table would."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cmcoord.models import Membership, Role, User
from cmcoord.paging import OnePassPaginator
from cmcoord.permissions import roles_by_operation
from requests import selectors
from requests.filters import RequestFilter
from requests.models import AssistanceRequest, RequestLeg, RequestSearch
from requests.services import rfa as services

from .conftest import LEG, request_data

S = AssistanceRequest.Status
COPIED = [
    "operation_id",
    "organization_id",
    "reference",
    "status",
    "capability",
    "assistance_type",
    "priority",
    "required_by",
    "created_at",
    "put_to_hct_at",
]
BUZI = {**LEG, "to_name": "Buzi"}
DONDO = {**LEG, "from_name": "Dondo", "to_name": "Nhamatanda"}


def copies_match_requests() -> None:
    """Every request has one copy, with its columns and the places of its legs in order."""
    requests = {row["id"]: row for row in AssistanceRequest.objects.values("id", *COPIED)}
    copies = {row.pop("request_id"): row for row in RequestSearch.objects.values("request_id", *COPIED)}
    assert {pk: {k: v for k, v in row.items() if k != "id"} for pk, row in requests.items()} == copies
    for copy in RequestSearch.objects.all():
        legs = RequestLeg.objects.filter(request_id=copy.pk).order_by("order")
        assert copy.search_places == " ".join(f"{leg.from_name} {leg.to_name}" for leg in legs)


@pytest.mark.django_db
def test_the_database_keeps_one_copy_of_each_request_current(cast, make_request):
    # given requests logged, moved, edited, re-legged and put to the HCT through the services
    draft = make_request(title="Boat to Buzi", legs=[LEG, BUZI])
    submitted = make_request(status=S.SUBMITTED, org=cast.unicef)
    copies_match_requests()
    services.request_update(
        rfa=draft,
        actor=cast.officer,
        data=request_data(title="Helicopter to Dondo", priority="high"),
        legs=[DONDO],
    )
    services.request_start_review(rfa=submitted, actor=cast.officer, comment="")
    AssistanceRequest.objects.filter(pk=submitted.pk).update(
        organization=cast.wfp, required_by=submitted.latest_acceptable
    )
    copies_match_requests()
    # the words follow the title and the legs
    copy = RequestSearch.objects.get(pk=draft.pk)
    assert copy.search_places == "Dondo Nhamatanda"
    searched = RequestSearch.objects.filter(search_vector__matches="helicop:*")
    assert list(searched.values_list("pk", flat=True)) == [draft.pk]
    assert not RequestSearch.objects.filter(search_vector__matches="boat:*").exists()
    # legs removed and changed by plain statements too
    RequestLeg.objects.filter(request=draft).update(to_name="Chibabava")
    assert RequestSearch.objects.get(pk=draft.pk).search_places == "Dondo Chibabava"
    RequestLeg.objects.filter(request=draft).delete()
    assert RequestSearch.objects.get(pk=draft.pk).search_places == ""
    copies_match_requests()
    # a request deleted takes its copy with it
    fresh = make_request()
    AssistanceRequest.objects.filter(pk=fresh.pk).delete()
    assert not RequestSearch.objects.filter(pk=fresh.pk).exists()


@pytest.mark.django_db
def test_a_save_that_changes_nothing_copied_does_not_write_the_copy(cast, make_request):
    rfa = make_request(title="Boat to Buzi")
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM requests_requestsearch WHERE request_id = %s", [rfa.pk])
        before = cursor.fetchone()[0]
        rfa.save()  # every column written again, updated_at moved: nothing the copy holds
        cursor.execute("SELECT xmin::text FROM requests_requestsearch WHERE request_id = %s", [rfa.pk])
        assert cursor.fetchone()[0] == before


def world(cast, make_request) -> None:
    """Requests of two organisations, in and out of the HCT, in two operations; most name Buzi."""
    for i, status in enumerate([S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.TASKED]):
        org = [cast.wfp, cast.unicef][i % 2]
        make_request(status=status, org=org, title=f"Airlift {i} to Buzi", legs=[LEG])
        make_request(status=status, org=org, title=f"Trucks {i}", description="Shelter kits for Buzi.")
        make_request(status=status, org=org, title=f"Boat {i}", legs=[DONDO])
    make_request(operation=cast.other_operation, title="Airlift to Buzi (Haiti)")


def through_requests(cast, user, data) -> list[int]:
    """What the request table's search (the exports) finds, in its order."""
    filterset = RequestFilter(
        data, queryset=selectors.requests_for_user(user, cast.operation), operation=cast.operation
    )
    return [rfa.pk for rfa in filterset.qs]


SEARCHES = [
    {"q": "Buzi"},
    {"q": "buz"},
    {"q": "Nhamatana"},  # misspelt: by the similarity of the places
    {"q": "MOZ-"},
    {"q": "Buzi", "status": ["approved", "tasked"]},
    {"q": "Buzi", "sort": "priority"},
    {"q": "Buzi", "sort": "reference"},
    {"q": "Buzi", "sort": "required_by"},
    {"q": "shelter", "capability": "air_transport"},
    {"q": "sentinel"},
    {"q": "airlift buzi"},  # every word in the title, or not
    {"q": "kits"},  # in descriptions only
]
# The searched list page: session, user, memberships, operation; the page of copies with its count, its
# requests, their legs; and what every list page reads besides: the unread notifications, the operation
# switcher, the organisation filter's choices (2).
SEARCH_PAGE_QUERIES = 11
ROLES = ["officer", "requester", "hct_member", "hc", "observer"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_the_list_page_and_the_api_find_what_the_request_table_finds_for_every_role(
    cast, make_request, client_for, api_for, who
):
    world(cast, make_request)
    user = getattr(cast, who)
    page, api = client_for(user), api_for(user)
    for data in SEARCHES:
        expected = through_requests(cast, user, data)
        response = page.get(reverse("requests:list"), data)
        assert response.status_code == 200
        listed = [rfa.pk for rfa in response.context["page"].object_list]
        assert (data, listed, response.context["page"].paginator.count) == (data, expected, len(expected))
        body = api.get("/api/v1/requests/", data).json()
        assert (data, [row["id"] for row in body["results"]]) == (data, expected)
        assert (body["count"], body["count_is_estimate"]) == (len(expected), False)
    # the copies are read under the rules of the requests: never another operation's, never more
    assert set(through_requests(cast, user, {"q": "Buzi"})) <= set(
        selectors.requests_for_user(user, cast.operation).values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_military_users_and_outsiders_find_nothing(cast, make_request, client_for, api_for):
    world(cast, make_request)
    for user in (cast.liaison, cast.outsider):
        assert client_for(user).get(reverse("requests:list"), {"q": "Buzi"}).status_code == 404
        body = api_for(user).get("/api/v1/requests/", {"q": "Buzi"}).json()
        assert (body["count"], body["results"]) == (0, [])


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Buzi", "buz", "airlift buzi", "kits", "MOZ-", "2026", "Nhamatana"])
def test_the_first_rank_among_the_newest_pages_as_the_whole_ranking_does(cast, make_request, monkeypatch, q):
    """A page of the best matches among the newest requests (one query with the count) is the page that
    ranking every match gives; when they do not fill it, every match is ranked (a second query)."""
    world(cast, make_request)
    for i in range(4):  # the newest name Buzi in their places only: the best are older
        make_request(status=S.SUBMITTED, title=f"Convoy {i}", legs=[BUZI])

    def pages(newest: int) -> tuple[list[list[int]], list[int]]:
        monkeypatch.setattr(selectors, "BEST_AMONG_NEWEST", newest)
        filterset = RequestFilter(
            {"q": q},
            queryset=selectors.requests_for_user(cast.officer, cast.operation),
            operation=cast.operation,
        )
        rows = selectors.listed_requests(cast.officer, cast.operation, filterset)
        paginator, found, queries = OnePassPaginator(rows, 3), [], []
        for number in range(1, 10):
            with CaptureQueriesContext(connection) as ctx:
                try:
                    found.append([r.pk for r in paginator.page(number)])
                except EmptyPage:
                    found.append([])
            queries.append(len(ctx.captured_queries))
        assert paginator.count == len(expected)
        return found, queries

    expected = through_requests(cast, cast.officer, {"q": q})
    whole = [expected[i : i + 3] for i in range(0, 27, 3)]
    assert expected, q
    among_all, queries_all = pages(10_000)
    among_few, queries_few = pages(4)
    assert among_all == whole and among_few == whole
    # one query answers the first page and the count, then its requests and their legs; when the best among
    # the newest do not fill it (among 4, or none has every word in its title), every match is ranked; every
    # reference has "MOZ" and "2026"; a misspelt place is paged after the words' count of none and the names
    # of the places that look like it (two more)
    if q == "Nhamatana":
        assert (queries_all[0], queries_few[0]) == (5, 6)
    else:
        assert (queries_all[0], queries_few[0]) == (
            4 if q == "kits" else 3,
            3 if q in ("MOZ-", "2026") else 4,
        )


@pytest.mark.django_db
def test_the_api_walks_the_newest_of_the_operation_it_names_or_of_the_only_one(cast, make_request, api_for):
    world(cast, make_request)
    expected = through_requests(cast, cast.officer, {"q": "Buzi"})

    def searched(data) -> tuple[list[int], bool]:
        officer = User.objects.get(pk=cast.officer.pk)  # as a request loads it: its memberships now
        with CaptureQueriesContext(connection) as ctx:
            body = api_for(officer).get("/api/v1/requests/", data).json()
        walked = any("LEFT JOIN LATERAL" in query["sql"] for query in ctx.captured_queries)
        return [row["id"] for row in body["results"]], walked

    # a member of one operation: its newest requests are walked, as the list page walks them
    assert list(roles_by_operation(cast.officer)) == [cast.operation.pk]
    assert searched({"q": "Buzi"}) == (expected, True)
    assert searched({"q": "Buzi", "operation": cast.operation.pk}) == (expected, True)
    # a member of two: every match is ranked, unless the request names the operation
    Membership.objects.create(user=cast.officer, operation=cast.other_operation, role=Role.OBSERVER)
    found, walked = searched({"q": "Buzi"})
    assert not walked and set(expected) < set(found)
    assert searched({"q": "Buzi", "operation": cast.operation.pk}) == (expected, True)


@pytest.mark.django_db
def test_a_search_counts_and_pages_in_one_query(cast, make_request, monkeypatch):
    made = [make_request(status=S.SUBMITTED, title=f"Airlift {i} to Buzi").pk for i in range(7)]
    filterset = RequestFilter(
        {"q": "Buzi", "sort": "created"},
        queryset=selectors.requests_for_user(cast.officer, cast.operation),
        operation=cast.operation,
    )
    rows = selectors.listed_requests(cast.officer, cast.operation, filterset)
    assert isinstance(rows, selectors.SearchedRequests)
    paginator = OnePassPaginator(rows, 3)
    with CaptureQueriesContext(connection) as ctx:
        first = paginator.page(1)
        assert (paginator.count, paginator.num_pages) == (7, 3)
    # the page of copies with its count, then the page's requests and their legs
    assert len(ctx.captured_queries) == 3
    assert [r.pk for r in first] == made[:3] and first.has_next()
    last = paginator.page(3)
    assert [r.pk for r in last] == made[6:] and not last.has_next()
    # past the end: no row carries the count, which is asked for on its own
    fresh = OnePassPaginator(rows, 3)
    with pytest.raises(EmptyPage):
        fresh.page(4)
    assert fresh.count == 7
    assert [r.pk for r in fresh.get_page(99)] == made[6:]
    with pytest.raises(PageNotAnInteger):
        fresh.page("x")
    with pytest.raises(EmptyPage):
        fresh.page(0)
    # nothing found: one empty page
    nothing = RequestFilter(
        {"q": "sentinel"},
        queryset=selectors.requests_for_user(cast.officer, cast.operation),
        operation=cast.operation,
    )
    empty = OnePassPaginator(selectors.listed_requests(cast.officer, cast.operation, nothing), 3)
    assert (list(empty.page(1)), empty.count) == ([], 0)


@pytest.mark.django_db
def test_the_searched_list_page_runs_the_pinned_queries_at_two_sizes(
    cast, make_request, client_for, django_assert_num_queries
):
    page = client_for(cast.officer)
    for n in (3, 30):
        for i in range(n):
            make_request(status=S.SUBMITTED, title=f"Airlift {i} to Buzi", legs=[LEG, BUZI])
        page.get(reverse("requests:list"), {"q": "Buzi"})
        with django_assert_num_queries(SEARCH_PAGE_QUERIES):
            assert page.get(reverse("requests:list"), {"q": "Buzi"}).status_code == 200


@pytest.mark.django_db
def test_the_title_ranks_above_the_places_and_the_places_above_the_description(
    cast, make_request, client_for
):
    # given, oldest first: the word in a title, in a leg, then twice in a description
    in_title = make_request(title="Airlift to Dondo", description="Food.", legs=[LEG])
    in_places = make_request(title="Airlift", description="Food.", legs=[DONDO])
    in_description = make_request(
        title="Airlift", description="Dondo is cut off. Dondo needs food.", legs=[LEG]
    )
    # then the page ranks them by where the word is, not by date or by how often the description says it
    page = client_for(cast.officer).get(reverse("requests:list"), {"q": "Dondo"}).context["page"]
    assert [rfa.pk for rfa in page] == [in_title.pk, in_places.pk, in_description.pk]
    ranks = [rfa.search_rank for rfa in page]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == 3


@pytest.mark.django_db
def test_the_places_that_look_like_the_words_are_paged_only_when_the_words_find_nothing(
    cast, make_request, django_assert_num_queries
):
    placed = [make_request(status=S.SUBMITTED, title=f"Airlift {i}", legs=[DONDO]).pk for i in range(4)]

    def pages(q: str) -> tuple[list[list[int]], int]:
        filterset = RequestFilter(
            {"q": q, "sort": "created"},
            queryset=selectors.requests_for_user(cast.officer, cast.operation),
            operation=cast.operation,
        )
        paginator = OnePassPaginator(selectors.listed_requests(cast.officer, cast.operation, filterset), 3)
        return [[r.pk for r in paginator.page(n)] for n in paginator.page_range], paginator.count

    # nobody wrote "Nhamatana": the places that look like it, on two pages
    assert pages("Nhamatana") == ([placed[:3], placed[3:]], 4)
    # a second page: the words' page is empty, they find nothing at all, then the places' page
    filterset = RequestFilter(
        {"q": "Nhamatana", "sort": "created"},
        queryset=selectors.requests_for_user(cast.officer, cast.operation),
        operation=cast.operation,
    )
    rows = selectors.listed_requests(cast.officer, cast.operation, filterset)
    # words' page, whether they find any, the names of places like it, places' page, requests, legs
    with django_assert_num_queries(6):
        page, count = rows.page_and_count(3, 3)
    assert ([r.pk for r in page], count) == (placed[3:], 4)
    # once a request has the word as typed, the words alone
    school = make_request(status=S.SUBMITTED, title="School of Nhamatana").pk
    assert pages("Nhamatana") == ([[school]], 1)
    # a reference is never a misspelt place
    assert pages("MOZ-1999") == ([[]], 0)
