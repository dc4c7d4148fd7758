"""The search of the request list (page, exports and API alike: filters.RequestFilter).

On PostgreSQL it reads the narrow copy the database keeps of each request (models.search.RequestSearch,
migration 0014): the stored search vector (reference, title, places, description) through its GIN index,
ranked by ts_rank, every word matching as a prefix ("heli" finds "helicopter"); a reference or part of one
(reference ILIKE, trigram index); and a misspelt place, by the word similarity of pg_trgm to the request's
places ("Nhamatana" finds Nhamatanda). The list and the API search the copy itself and read only the page's
requests (selectors.SearchedRequests); a queryset of requests (the exports) keeps the requests whose copy
matches, ranked by it. On SQLite (the demo) a plain icontains over the same fields.

A value with a digit is also looked for in the references; one without, of four letters or more, in the places
by similarity, but only when no request has its words: a misspelt place is what the person typed, not what the
requests say, and a word found in a third of 100,000 requests would otherwise have the similarity of the
places computed on every other row (issue 15: 1.3 s of the 2.4 s of `?q=Buzi`). That costs one query, an index
lookup.
"""

import re

from django.db import connections
from django.db.models import Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value

from .models import RequestLeg, RequestSearch

WORDS = re.compile(r"[^\W_]+")
# Shorter, a misspelling is any word: the trigram match is for place names.
MIN_FUZZY_LENGTH = 4
NO_RANK = Value(0.0, output_field=FloatField())


class TsQuery(Func):
    """to_tsquery('simple', query): no stemming, the requests are written in five languages."""

    template = "to_tsquery('simple', %(expressions)s)"
    output_field = TextField()


class Rank(Func):
    """ts_rank(search_vector, query): the weights of reference and title (A), places (B), description (C)."""

    function = "ts_rank"
    output_field = FloatField()


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_requests(queryset: QuerySet, value: str) -> QuerySet:
    """The rows of `queryset` (requests, or their copies) matching the words of `value`, annotated with
    search_rank."""
    if connections[queryset.db].vendor != "postgresql":
        return _search_plain(queryset, value)
    if queryset.model is RequestSearch:
        condition, rank = _condition(queryset, value)
        return queryset.filter(condition).annotate(search_rank=rank)
    # Requests: those whose copy matches, ranked by it (one indexed probe of the copy per row).
    condition, rank = _condition(RequestSearch.objects.filter(request_id__in=queryset.values("pk")), value)
    matching = RequestSearch.objects.filter(condition, request=OuterRef("pk"))
    return queryset.filter(Exists(matching)).annotate(
        search_rank=Subquery(matching.annotate(rank=rank).values("rank")[:1], output_field=FloatField())
    )


def _condition(copies: QuerySet, value: str) -> tuple[Q, Func | Value]:
    """What a copy must match, and its rank; `copies` are those the person may find (for the misspelling)."""
    tsquery = " & ".join(f"{word}:*" for word in WORDS.findall(value.lower()))
    words = Q(search_vector__matches=tsquery)
    condition = words if tsquery else Q()
    # Each condition costs an index scan: a reference (or part of one) has digits; a place name has none.
    if any(char.isdigit() for char in value):
        condition |= Q(reference__ilike=_like(value))
    elif len(value) >= MIN_FUZZY_LENGTH and not (tsquery and copies.filter(words).exists()):
        condition |= Q(search_places__resembles=value)
    if not condition:  # punctuation only: what the words of a reference might be
        condition = Q(reference__ilike=_like(value))
    return condition, (Rank(F("search_vector"), TsQuery(Value(tsquery))) if tsquery else NO_RANK)


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
