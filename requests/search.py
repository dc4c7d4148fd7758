"""The search of the request list (page, exports and API alike: filters.RequestFilter).

On PostgreSQL it reads what the database keeps (migration 0004): the stored search vector (reference, title,
places, description) through its GIN index, ranked by ts_rank, every word matching as a prefix ("heli" finds
"helicopter"); a reference or part of one (reference ILIKE, trigram index); and, only when the words match
none of the requests the user may see, a misspelt place by the word similarity of pg_trgm to the request's
places ("Nhamatana" finds Nhamatanda). On SQLite (the demo) a plain icontains over the same fields. A value
with a digit is also looked for in the references; one without, of four letters or more, in the places.
"""

import re

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    Expression,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from .models import RequestLeg

WORDS = re.compile(r"[^\W_]+")
# Shorter, a misspelling is any word: the similarity is for place names.
MIN_FUZZY_LENGTH = 4
NO_RANK = Value(0.0, output_field=FloatField())


class RequestSql(Expression):
    """A condition or value over the request table's search columns (not fields of the model: migration 0004),
    written with {t} for the table under whatever alias the query gives it (in a subquery: U0). Every value is
    a parameter."""

    def __init__(self, sql: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return "(" + self.sql.format(t=table) + ")", list(self.params)


class SimilarPlaces(Expression):
    """`place <% search_places`: the word similarity of pg_trgm, served by index request_places_trgm."""

    output_field = BooleanField()

    def __init__(self, place):
        super().__init__()
        self.place = place

    def get_source_expressions(self):
        return [self.place]

    def set_source_expressions(self, exprs):
        (self.place,) = exprs

    def as_sql(self, compiler, connection):
        place, params = compiler.compile(self.place)
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"(({place}) <%% {table}.search_places)", params


def search_requests(queryset: QuerySet, value: str) -> QuerySet:
    """The requests of `queryset` matching the words of `value`, annotated with search_rank."""
    if connections[queryset.db].vendor != "postgresql":
        return _search_plain(queryset, value)
    tsquery = " & ".join(f"{word}:*" for word in WORDS.findall(value.lower()))
    words = RequestSql("{t}.search_vector @@ to_tsquery('simple', %s)", [tsquery], BooleanField())
    match = Q(words) if tsquery else Q(pk__in=[])
    if any(char.isdigit() for char in value) or not tsquery:
        match |= Q(RequestSql("{t}.reference ILIKE %s", [_like(value)], BooleanField()))
    elif len(value) >= MIN_FUZZY_LENGTH:
        # The place to compare is NULL when the words find something among what the user may see: an
        # uncorrelated EXISTS, evaluated once per query, so the trigram index scan then returns nothing and
        # the similarity (dear on every row) never runs; the plan is the same either way (BitmapOr).
        place = Case(
            When(Exists(queryset.filter(words)), then=Value(None)),
            default=Value(value),
            output_field=CharField(),
        )
        match |= Q(SimilarPlaces(place))
    rank = (
        RequestSql("ts_rank({t}.search_vector, to_tsquery('simple', %s))", [tsquery], FloatField())
        if tsquery
        else NO_RANK
    )
    return queryset.filter(match).annotate(search_rank=rank)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


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
