"""The search of the request list (page, exports and API alike: filters.RequestFilter).

On PostgreSQL it reads what the database keeps (migration 0004): the stored search vector (reference, title,
places, description) through its GIN index, ranked by ts_rank, every word matching as a prefix ("heli" finds
"helicopter"); a reference or part of one (reference ILIKE, trigram index); and a misspelt place, by the
word similarity of pg_trgm to the request's places ("Nhamatana" finds Nhamatanda). On SQLite (the demo) a
plain icontains over the same fields. A value with a digit is also looked for in the references (the
trigram index serves ILIKE '%…%'); one without, of four letters or more, in the places by similarity, but
only when no request has its words: a misspelt place is what the person typed, not what the requests say, and
a word found in a third of 100,000 requests would otherwise have the similarity of the places computed on
every other row (issue 15: 1.3 s of the 2.4 s of `?q=Buzi`). That costs one query, an index lookup.
"""

import re

from django.db import connections
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .models import RequestLeg

WORDS = re.compile(r"[^\W_]+")
TABLE = '"requests_assistancerequest"'
# Shorter, a misspelling is any word: the trigram match is for place names.
MIN_FUZZY_LENGTH = 4
NO_RANK = Value(0.0, output_field=FloatField())


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_requests(queryset: QuerySet, value: str) -> QuerySet:
    """The requests of `queryset` matching the words of `value`, annotated with search_rank."""
    if connections[queryset.db].vendor != "postgresql":
        return _search_plain(queryset, value)
    tsquery = " & ".join(f"{word}:*" for word in WORDS.findall(value.lower()))
    conditions: list[str] = []
    params: list[str] = []
    words = f"{TABLE}.search_vector @@ to_tsquery('simple', %s)"
    if tsquery:
        conditions.append(words)
        params.append(tsquery)
    # Each condition costs an index scan: a reference (or part of one) has digits; a place name has none.
    if any(char.isdigit() for char in value):
        conditions.append(f"{TABLE}.reference ILIKE %s")
        params.append(_like(value))
    elif len(value) >= MIN_FUZZY_LENGTH and not (
        tsquery and queryset.filter(RawSQL(words, [tsquery], output_field=BooleanField())).exists()  # noqa: S611
    ):
        conditions.append(f"%s <%% {TABLE}.search_places")
        params.append(value)
    if not conditions:  # punctuation only: what the words of a reference might be
        conditions.append(f"{TABLE}.reference ILIKE %s")
        params.append(_like(value))
    # Raw SQL for what the ORM cannot say (tsquery prefixes, pg_trgm's <% operator); every value a parameter.
    match = RawSQL("(" + " OR ".join(conditions) + ")", params, output_field=BooleanField())  # noqa: S611
    rank = (
        RawSQL(f"ts_rank({TABLE}.search_vector, to_tsquery('simple', %s))", [tsquery], FloatField())  # noqa: S611
        if tsquery
        else NO_RANK
    )
    return queryset.filter(match).annotate(search_rank=rank)


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
