"""The main lists use their indexes: EXPLAIN on generated data never shows a sequential scan of a large table.

generate_load fills the operation (bulk inserts) and ANALYZEs the tables; the planner then chooses freely
(enable_seqscan stays on). A list whose filter and order lack an index shows up here as a Seq Scan of its
table.
"""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from cmcoord.notifications import notifications_for_user
from cmcoord.selectors import events_for_object
from contacts.selectors import directory
from operations.selectors import record
from requests import search, selectors
from requests.filters import RequestFilter
from requests.models import AssistanceRequest, RequestSearch
from requests.permissions import visible_request_copies

LARGE = {
    "requests_assistancerequest",
    "requests_requestleg",
    "requests_requestsearch",
    "requests_task",
    "requests_taskgroupobjectpermission",
    "contacts_contact",
    "cmcoord_notification",
    "cmcoord_auditevent",
}


def seq_scans(query) -> list[str]:
    """The large tables the plan of `query` (a queryset, or SQL and its parameters) reads sequentially (every
    node, subplans included)."""
    if isinstance(query, tuple):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + query[0], query[1])
            plan = cursor.fetchone()[0]
    else:
        plan = json.loads(query.explain(format="json"))
    found, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in LARGE:
            found.append(node["Relation Name"])
        nodes.extend(node.get("Plans", []))
    return found


@pytest.fixture
def loaded(cast):
    call_command(
        "generate_load",
        operation=cast.operation.code,
        force=cast.force.acronym,
        requests=12000,
        tasks=2000,
        contacts=1000,
        notifications=2000,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return cast


def request_list(cast, user, data=None):
    filterset = RequestFilter(
        data, queryset=selectors.requests_for_user(user, cast.operation), operation=cast.operation
    )
    assert data is None or filterset.is_valid(), filterset.errors
    return filterset.qs


def searched(cast, user, data, misspelt=False, best=False):
    """The page of a search as the list and the API read it: the copies (selectors.SearchedRequests), with
    the words or, when they find nothing, the places that look like them; or the first rank among the newest
    copies, with the count (`best`)."""
    filterset = RequestFilter(
        data, queryset=selectors.requests_for_user(user, cast.operation), operation=cast.operation
    )
    rows = selectors.listed_requests(user, cast.operation, filterset)
    assert isinstance(rows, selectors.SearchedRequests)
    if best:
        copies = rows.misspelt() if misspelt else rows.copies
        return rows.best_page_sql(copies, copies if misspelt else rows.best, 0, 25)
    return rows.page_sql(rows.misspelt() if misspelt else rows.copies, 0, 25)


def names_like(cast, user, value):
    """The names of places like a misspelt one that a request the person may find gives (requests.search)."""
    return search.names_like_sql(value, visible_request_copies(user, cast.operation))


def reference(cast) -> str:
    return AssistanceRequest.objects.filter(operation=cast.operation).order_by("pk")[1234].reference


LISTS = {
    "requests, page 1": lambda c: request_list(c, c.officer)[:25],
    "requests, deep page": lambda c: request_list(c, c.officer)[1000:1025],
    "requests, status filter": lambda c: request_list(c, c.officer, {"status": ["submitted"]})[:25],
    "requests, sorted by required date": lambda c: request_list(c, c.officer, {"sort": "required_by"})[:25],
    "requests of a requester's organisation": lambda c: request_list(c, c.requester)[:25],
    "requests put to the HCT": lambda c: request_list(c, c.hct_member)[:25],
    # A village (few requests) found by a word, by a misspelling of its name, and a reference.
    "requests, search": lambda c: searched(c, c.officer, {"q": "Mossurize"}),
    "requests, search of a misspelt place": lambda c: searched(
        c, c.officer, {"q": "Mosurize"}, misspelt=True
    ),
    "names of places like a misspelt one, of an officer": lambda c: names_like(c, c.officer, "Mosurize"),
    "names of places like a misspelt one, of a requester": lambda c: names_like(c, c.requester, "Mosurize"),
    "requests, search of a reference": lambda c: searched(c, c.officer, {"q": reference(c)}),
    "requests, search's first rank among the newest": lambda c: searched(
        c, c.officer, {"q": "Mossurize"}, best=True
    ),
    "requests, misspelt place among the newest": lambda c: searched(
        c, c.officer, {"q": "Mosurize"}, misspelt=True, best=True
    ),
    "requests, search of a requester": lambda c: searched(c, c.requester, {"q": "Mossurize"}),
    "requests, search with a filter": lambda c: searched(
        c, c.hct_member, {"q": "Mossurize", "status": ["approved"]}
    ),
    "tasks of the liaison officer": lambda c: selectors.tasks_for_user(c.liaison, c.operation)[:50],
    "tasks of the officer": lambda c: selectors.tasks_for_user(c.officer, c.operation)[:50],
    "contacts": lambda c: directory(c.officer, c.operation)[:50],
    "notifications": lambda c: notifications_for_user(c.officer)[:20],
    "audit log of an object": lambda c: events_for_object(AssistanceRequest.objects.order_by("pk").last()),
    "audit log of the operation": lambda c: record(c.operation)[:50],
}


@pytest.mark.django_db
def test_no_main_list_reads_a_large_table_sequentially(loaded):
    # given 12,000 requests, 2,000 tasks, 1,000 contacts, 2,000 notifications, analysed
    # when the planner plans each main list
    scans = {name: seq_scans(build(loaded)) for name, build in LISTS.items()}
    # then no plan scans a large table sequentially
    assert {name: tables for name, tables in scans.items() if tables} == {}
    # and the bulk load gave every request its copy for the search, with its places (legs first)
    assert RequestSearch.objects.count() == AssistanceRequest.objects.count()
    assert not RequestSearch.objects.filter(search_places="").exists()
    # and the check does see one where no index serves the filter (a substring of the cargo description)
    unindexed = AssistanceRequest.objects.filter(cargo_description__contains="tonnes")[:25]
    assert seq_scans(unindexed) == ["requests_assistancerequest"]
