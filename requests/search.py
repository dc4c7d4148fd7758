"""The search of the request list (page, exports and API alike: filters.RequestFilter).

On PostgreSQL it reads the narrow copy the database keeps of each request (models.search.RequestSearch,
migration 0014): the stored search vector (reference, title, places, description) through its GIN index,
every word matching as a prefix ("heli" finds "helicopter"), ranked by where the words are (rank_of: the
reference or title, then the places, then the description; newest first within a rank); a reference or part
of one (reference ILIKE, trigram index); and a misspelt place: the names of places that look like it (pg_trgm
word similarity to models.search.PlaceName, migration 0016) that a request the person may find names
(names_like), searched as words ("Nhamatana" finds what "Nhamatanda" finds). The list and the API search
the copy itself and read only the page's requests (selectors.SearchedRequests); a queryset of requests (the
exports) keeps the requests whose copy matches, ranked by it. On SQLite (the demo) a plain icontains over the
same fields.

A value with a digit is also looked for in the references; one without, of four letters or more, among the
names of places, but only when no request has its words: a misspelt place is what the person typed, not what
the requests say. The similarity is computed on the few thousand names of places, not on the places of every
request (issue 15: 85 ms for a name in 17,000 of 100,000 requests, 17 ms by names). The list and the API
learn it from the words' own page (empty); a queryset of requests asks once, through the index (any_row).
"""

import re

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import GreaterThanOrEqual

from .models import RequestLeg, RequestSearch

WORDS = re.compile(r"[^\W_]+")
# Shorter, a misspelling is any word: the trigram match is for place names.
MIN_FUZZY_LENGTH = 4
NO_RANK = Value(0.0, output_field=FloatField())


# The ranks of a match (rank_of), best first; newest first within a rank (filters.SORTS).
TOP_RANK, PLACES_RANK, OTHER_RANK = 3.0, 2.0, 1.0


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_requests(queryset: QuerySet, value: str, *, misspelt: bool | None = None) -> QuerySet:
    """The rows of `queryset` (requests, or their copies) matching `value`, annotated with search_rank.

    `misspelt` chooses between the words and the places that look like `value` (a misspelt place): None
    decides here, by whether any row the person may see has the words (one query); the list and the API
    (selectors.SearchedRequests) search the words first (False) and the places only when the words found
    nothing (True), which costs that query only then."""
    if connections[queryset.db].vendor != "postgresql":
        return _search_plain(queryset, value)
    if queryset.model is RequestSearch:
        if misspelt is None:
            misspelt = _only_a_misspelling(queryset, value)
        condition, rank = _places_like(value, queryset) if misspelt else _words(value)
        return queryset.filter(condition).annotate(search_rank=rank)
    # Requests: those whose copy matches, ranked by it (one indexed probe of the copy per row).
    visible = RequestSearch.objects.filter(request_id__in=queryset.values("pk"))
    condition, rank = _places_like(value, queryset) if _only_a_misspelling(visible, value) else _words(value)
    matching = RequestSearch.objects.filter(condition, request=OuterRef("pk"))
    if isinstance(rank, Value):  # nothing ranked (a misspelt place): no copy read again per request
        return queryset.filter(Exists(matching)).annotate(search_rank=rank)
    # The rank of the request's copy, which matches (the EXISTS): not the condition again per request.
    ranked = RequestSearch.objects.filter(request=OuterRef("pk")).annotate(rank=rank).values("rank")[:1]
    return queryset.filter(Exists(matching)).annotate(search_rank=Subquery(ranked, output_field=FloatField()))


def may_be_misspelt(value: str) -> bool:
    """Whether `value` may be a misspelt place: no digit (a reference), four characters or more."""
    return len(value) >= MIN_FUZZY_LENGTH and not any(char.isdigit() for char in value)


def _words(value: str) -> tuple[Q, Case | Func | Value]:
    """The words of `value`, each as a prefix, ranked (rank_of); with a digit, also a reference (or part of
    one)."""
    words = WORDS.findall(value.lower())
    if not words:  # punctuation only: what the words of a reference might be
        return Q(reference__ilike=_like(value)), NO_RANK
    found = Q(search_vector__matches=" & ".join(f"{word}:*" for word in words))
    # Each condition costs an index scan: a reference (or part of one) has digits; a place name has none.
    if any(char.isdigit() for char in value):
        found |= Q(reference__ilike=_like(value))
    return found, rank_of(value)


def best_matches(value: str) -> Q | None:
    """The matches of the first rank (rank_of): every word in the reference or the title, or, with a digit,
    the reference itself. None when `value` has no words (nothing is ranked)."""
    words = WORDS.findall(value.lower())
    if not words:
        return None
    best = Q(GreaterThanOrEqual(Placed(words), TOP_RANK))
    if any(char.isdigit() for char in value):
        best |= Q(reference__ilike=_like(value))
    return best


class Placed(Func):
    """Where all the words are, in one ts_rank per word: 3.0 when every word is in the reference or title,
    2.0 when every word is there or in the places, else 1.0 (the description was needed).

    ts_rank weighs a word's places in the vector by {D, C, B, A} = {0, 0, 1e-6, 1}: a word with a place in A
    ranks 0.6 or more (1 / 1.645 at the least), a word only in B ranks above 0 and below 0.001 (however many
    places' words share the prefix), a word only in the description 0 (stored without positions, it weighs
    as D). A weight in the query ("word:*A") would not do: a word stored without positions matches any
    weight. The least rank of the words, cut at 1e-9 and 0.5 (width_bucket), is the rank."""

    output_field = FloatField()

    def __init__(self, words: list[str]):
        super().__init__(F("search_vector"))
        self.words = words

    def as_sql(self, compiler, connection, **extra_context):
        vector, params = compiler.compile(self.source_expressions[0])
        rank = f"ts_rank('{{0,0,1e-6,1}}'::real[], {vector}, to_tsquery('simple', %s))"
        ranks = ", ".join([rank] * len(self.words))
        return f"(1 + width_bucket(least({ranks}), '{{1e-9,0.5}}'::real[]))::float", [
            value for word in self.words for value in (*params, f"{word}:*")
        ]


def rank_of(value: str) -> Case | Func | Value:
    """The rank of a match of `value`: TOP_RANK when every word is in its reference or title (best_matches),
    PLACES_RANK when every word is there or in its places, OTHER_RANK when the description was needed.
    Ties go to the newest (filters.SORTS): a rank the person can predict, which the list finds without ranking
    every match (selectors.SearchedRequests reads the first rank among the newest requests)."""
    words = WORDS.findall(value.lower())
    if not words:
        return NO_RANK
    if any(char.isdigit() for char in value):  # the reference itself ranks first too
        return Case(
            When(Q(reference__ilike=_like(value)), then=Value(TOP_RANK)),
            default=Placed(words),
            output_field=FloatField(),
        )
    return Placed(words)


def _places_like(value: str, searched: QuerySet) -> tuple[Q, Value]:
    """The requests that name a place whose name looks like `value` (as if the person had typed that name),
    newest first (no word matched, none to rank by). Only the names that a leg of `searched` (the requests, or
    their copies, the person may find) gives: a name that only another operation's request, or one the
    person may not see, gives would change what they find, and so tell them that the place is named there."""
    names = [name for name in names_like(value, searched) if WORDS.search(name)]
    return (Q(search_vector__names_any=names) if names else Q(pk__in=[])), NO_RANK


def names_like(value: str, searched: QuerySet) -> list[str]:
    """The names of places that look like `value` (pg_trgm word similarity, through the names' trigram index)
    and that a leg of a request of `searched` gives: one query.

    For each name, its legs are read through the index of their names and each request is looked up by its
    key among `searched`, until one is found (OFFSET 0: the planner may neither join the legs to every row of
    `searched`, which for an officer is every request of the operation, nor walk every leg in the order of
    its request). A name of 19,000 legs costs 0.6 ms when one of the first is the person's; 60 ms when none
    is (a place in requests of other organisations only)."""
    try:
        sql, params = names_like_sql(value, searched)
    except EmptyResultSet:  # a person who may see no request
        return []
    with connections[searched.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [name for (name,) in cursor.fetchall()]


def names_like_sql(value: str, searched: QuerySet) -> tuple[str, list]:
    """The SQL of names_like (EmptyResultSet: `searched` is empty whatever the rows)."""
    searched_sql, searched_params = searched.order_by().values("pk").query.sql_with_params()
    return (
        # Django's compiled query of the requests the person may find; the value is a parameter
        "SELECT place.name FROM requests_placename place WHERE %s <%% place.name AND EXISTS ("  # noqa: S608
        "SELECT FROM (SELECT request_id FROM requests_requestleg WHERE from_name = place.name "
        "UNION ALL SELECT request_id FROM requests_requestleg WHERE to_name = place.name) leg "
        f"WHERE EXISTS (SELECT FROM ({searched_sql}) searched (pk) WHERE searched.pk = leg.request_id "
        "OFFSET 0) OFFSET 0) ORDER BY place.name",
        [value, *searched_params],
    )


def _only_a_misspelling(copies: QuerySet, value: str) -> bool:
    """A misspelt place is what the person typed, not what the requests say: looked for only when none of
    `copies` (those the person may find) has the words."""
    return may_be_misspelt(value) and not any_row(copies.filter(_words(value)[0]))


def any_row(queryset: QuerySet) -> bool:
    """Whether `queryset` has a row, read through its indexes. Its own exists() asks for one row (LIMIT 1),
    which the planner answers with a sequential scan that meets a frequent word at once, but that reads the
    whole table for a word nobody wrote: the misspelling this is asked for (50 ms at 100,000 requests)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a person who may see no request
        return False
    with connections[queryset.db].cursor() as cursor:
        # Django's compiled query: planned whole in the CTE (its indexes), of which one row is read.
        cursor.execute(f"WITH found AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT 1 FROM found)", params)  # noqa: S608
        return bool(cursor.fetchone()[0])


def _search_plain(queryset: QuerySet, value: str) -> QuerySet:
    places = RequestLeg.objects.filter(request=OuterRef("pk")).filter(
        Q(from_name__icontains=value) | Q(to_name__icontains=value)
    )
    return queryset.filter(
        Q(reference__icontains=value)
        | Q(title__icontains=value)
        | Q(description__icontains=value)
        | Exists(places)
    ).annotate(search_rank=NO_RANK)
