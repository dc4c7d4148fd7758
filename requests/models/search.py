"""The request list's narrow copy of each request, with its search vector: what a search reads (issue 15).

Never written by Django: on PostgreSQL, migration 0014 keeps each row by triggers on the request and its legs
(on SQLite the table stays empty: the demo searches the requests themselves). Its columns carry the names of
the request's, so that the visibility rules (requests.permissions) and the list's filters and sorts
(requests.filters) apply to it unchanged; a search counts, ranks and pages it alone, then reads the page's
requests (requests.selectors.SearchedRequests).
"""

from django.db import models
from django.db.models import Lookup

from .rfa import AssistanceRequest


class _Operator(Lookup):
    """A PostgreSQL operator between the column and the value, as `sql` writes them ({column}, {value})."""

    sql = ""

    def as_sql(self, compiler, connection):
        column, column_params = self.process_lhs(compiler, connection)
        value, value_params = self.process_rhs(compiler, connection)
        value_first = self.sql.index("{value}") < self.sql.index("{column}")
        params = [*value_params, *column_params] if value_first else [*column_params, *value_params]
        return self.sql.format(column=column, value=value), params


class TsVectorField(models.Field):
    """A tsvector column, read by its lookup `matches` (requests/search.py writes the query)."""

    def db_type(self, connection):
        return "tsvector"


@TsVectorField.register_lookup
class Matches(_Operator):
    """vector @@ to_tsquery('simple', query): the search's words, through the GIN index."""

    lookup_name = "matches"
    sql = "{column} @@ to_tsquery('simple', {value})"


@TsVectorField.register_lookup
class NamesAny(Lookup):
    """vector @@ (plainto_tsquery('simple', name) || …): the words of any of the names (a list), through the
    GIN index of the words: the places whose names look like a misspelt one (requests.search)."""

    lookup_name = "names_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        names = " || ".join(["plainto_tsquery('simple', %s)"] * len(self.rhs))
        return f"{column} @@ ({names})", [*params, *self.rhs]


class PlacesField(models.TextField):
    """The places of the legs, in order (the words of the vector's B part)."""


class ReferenceField(models.CharField):
    """The request's reference, read by the lookup `ilike` (a reference, or part of one)."""


@ReferenceField.register_lookup
class ILike(_Operator):
    """column ILIKE pattern, served by a trigram index (Django's icontains writes UPPER(…) LIKE: not)."""

    lookup_name = "ilike"
    sql = "{column} ILIKE {value}"


class RequestSearch(models.Model):
    request = models.OneToOneField(
        AssistanceRequest, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # Copies of the request's: no constraint or index of their own (a search reads them beside its GIN index).
    operation = models.ForeignKey(
        "cmcoord.Operation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    organization = models.ForeignKey(
        "cmcoord.Organization",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    reference = ReferenceField(max_length=24)
    status = models.CharField(max_length=20)
    capability = models.CharField(max_length=30)
    assistance_type = models.CharField(max_length=20)
    priority = models.CharField(max_length=20)
    required_by = models.DateField()
    created_at = models.DateTimeField()
    put_to_hct_at = models.DateTimeField(null=True)
    search_vector = TsVectorField()
    search_places = PlacesField()

    class Meta:
        db_table = "requests_requestsearch"
        indexes = [
            # A search's first rank among its operation's newest requests (SearchedRequests.best_page_sql):
            # WHERE operation_id = %s ORDER BY created_at DESC, request_id DESC LIMIT 20000 (selectors)
            models.Index(fields=["operation", "-created_at", "-request"], name="request_search_newest"),
        ]

    def __str__(self) -> str:
        return self.reference


class PlaceName(models.Model):
    """Every name a leg gave a place (from or to), once: what a misspelt place is compared with
    (requests.search), which keeps those a leg of a request the person may find still gives. Written by a
    trigger on the legs (migration 0016, PostgreSQL), never deleted: a name no leg uses any more is never
    offered, and costs one row."""

    name = models.TextField(primary_key=True)

    class Meta:
        db_table = "requests_placename"

    def __str__(self) -> str:
        return self.name
