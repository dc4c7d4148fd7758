"""Reads of the guidelines library. The requests app asks here for the criteria of an assessment."""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cmcoord.models import Operation, User

from .models import Contexts, Criterion, CriterionVersion, Guideline, contexts_for_operation
from .permissions import visible_guidelines


def default_guidelines(operation: Operation) -> Q:
    """What is in force for an operation whose officers have marked nothing: the global guidelines that apply
    by default and the operation's own country guidelines. A guideline on a special case (IASC armed escorts,
    applies_by_default False) never is: its criteria would otherwise be asked of every request."""
    return Q(scope=Guideline.Scope.GLOBAL, applies_by_default=True) | Q(operation=operation)


def guidelines_in_force(operation: Operation) -> QuerySet[Guideline]:
    """The guidelines in force for an operation, never a superseded one.

    Those its CMCoord officers marked in force; until they mark any, the default ones (default_guidelines).
    """
    if operation.guidelines_in_force.exists():
        base = Q(operations_in_force__operation=operation)
    else:
        base = default_guidelines(operation)
    return (
        Guideline.objects.filter(
            base, contexts__in=contexts_for_operation(operation), superseded_by__isnull=True
        )
        .distinct()
        .order_by("precedence", "-year", "pk")
    )


def criteria_for_operation(operation: Operation) -> list[CriterionVersion]:
    """The current version of each criterion an assessment in this operation must answer, in order.

    Criteria come from the guidelines in force, filtered to the operation's context; when two guidelines set
    a criterion with the same code, the stricter guideline's (lower precedence) wins. A complex emergency thus
    adds the stricter criteria that a natural disaster does not have.
    """
    versions = (
        CriterionVersion.objects.filter(
            criterion__guideline__in=guidelines_in_force(operation),
            criterion__contexts__in=contexts_for_operation(operation),
            criterion__current=F("pk"),
        )
        .select_related("criterion", "criterion__guideline")
        .order_by("criterion__guideline__precedence", "criterion__order", "criterion__pk")
    )
    chosen: dict[str, CriterionVersion] = {}
    for version in versions:
        chosen.setdefault(version.criterion.code, version)
    return sorted(chosen.values(), key=lambda v: (v.criterion.order, v.criterion.code))


def guideline_ids_in_force(operation: Operation | None) -> set[int]:
    """The pks of the guidelines in force for the operation (empty without one)."""
    if operation is None:
        return set()
    return set(guidelines_in_force(operation).values_list("pk", flat=True))


def guidelines_to_mark(user: User, operation: Operation) -> QuerySet[Guideline]:
    """The guidelines an officer may mark in force for the operation: current versions the user may read,
    global or regional, or the operation's own country guidelines, that fit the operation's context."""
    return (
        visible_guidelines(user)
        .filter(
            Q(operation__isnull=True) | Q(operation=operation),
            superseded_by__isnull=True,
            contexts__in=contexts_for_operation(operation),
        )
        .select_related("operation")
        .order_by("precedence", "scope", "-year", "pk")
    )


def issuers(user: User) -> list[str]:
    """The issuers of the guidelines the user may read, for the library's filter."""
    return list(visible_guidelines(user).order_by("issuer").values_list("issuer", flat=True).distinct())


def library(
    user: User,
    *,
    q: str = "",
    scope: str = "",
    context: str = "",
    issuer: str = "",
    include_superseded: bool = False,
) -> QuerySet[Guideline]:
    """The guidelines the user may read, filtered and, with a query, searched and ranked best first."""
    queryset = visible_guidelines(user).select_related("operation", "superseded_by", "supersedes")
    if scope:
        queryset = queryset.filter(scope=scope)
    if context:
        queryset = queryset.filter(contexts__in=[context, Contexts.BOTH])
    if issuer:
        queryset = queryset.filter(issuer=issuer)
    if not include_superseded:
        queryset = queryset.filter(superseded_by__isnull=True)
    if q.strip():
        return search_guidelines(queryset, q)
    return queryset.order_by("scope", "precedence", "-year", "pk")


# Search. PostgreSQL ranks by weight (title A, summary B, criteria C) and marks matches with SearchHeadline;
# other databases fall back to a plain icontains. Headlines come back with two control characters around each
# match, so the page can escape the whole text and then turn only those into <mark> tags (HTML-safe).
MARK_START, MARK_STOP = "\x02", "\x03"
SEARCH_CONFIG = "english"


def _current_criteria_text():
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models import OuterRef, Subquery

    return Subquery(
        CriterionVersion.objects.filter(criterion__guideline=OuterRef("pk"), criterion__current=F("pk"))
        .values("criterion__guideline")
        .annotate(
            text=StringAgg(Concat("title", Value(". "), "text", output_field=TextField()), delimiter=" ")
        )
        .values("text"),
        output_field=TextField(),
    )


def search_guidelines(queryset: QuerySet[Guideline], query: str, *, vendor: str | None = None) -> QuerySet:
    """The guidelines of `queryset` that match `query`, best first, with `rank`, `title_headline` and
    `headline` annotated. Any text is safe: PostgreSQL parses it with websearch_to_tsquery, never as SQL."""
    vendor = vendor or connection.vendor
    query = query.strip()
    if vendor != "postgresql":
        return _search_plain(queryset, query)
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector

    ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    criteria_text = Coalesce(_current_criteria_text(), Value(""), output_field=TextField())
    vector = (
        SearchVector("title", "short_name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(criteria_text, weight="C", config=SEARCH_CONFIG)
    )
    marks: dict[str, Any] = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "config": SEARCH_CONFIG}
    return (
        queryset.annotate(search_document=vector)
        .filter(search_document=ts_query)
        .annotate(
            rank=SearchRank(F("search_document"), ts_query),
            title_headline=SearchHeadline("title", ts_query, highlight_all=True, **marks),
            headline=SearchHeadline(
                Concat("summary", Value(" "), criteria_text, output_field=TextField()),
                ts_query,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by("-rank", "precedence", "-year", "pk")
    )


def search_terms(query: str) -> list[str]:
    """The words of a query, without the quotes and operators of web search syntax."""
    words = re.findall(r"\w[\w'-]*", query)
    return [w for w in words if w.lower() not in {"or", "and", "not"}][:10]


def _search_plain(queryset: QuerySet[Guideline], query: str) -> QuerySet:
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    for term in terms:
        in_criteria = Criterion.objects.filter(
            Q(current__title__icontains=term) | Q(current__text__icontains=term)
        ).values("guideline_id")
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(short_name__icontains=term)
            | Q(summary__icontains=term)
            | Q(pk__in=in_criteria)
        )
    return queryset.annotate(rank=Value(0.0)).order_by("scope", "precedence", "-year", "pk")


def _marked(raw: str) -> SafeString:
    """Escape everything, then turn the headline's match delimiters (and only them) into <mark> tags."""
    text = escape(raw)
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


def _highlight_plain(text: str, terms: list[str], limit: int = 240) -> SafeString:
    lowered = text.lower()
    hits = [lowered.find(t.lower()) for t in terms if t.lower() in lowered]
    if hits and len(text) > limit:
        start = max(min(hits) - 60, 0)
        text = ("… " if start else "") + text[start : start + limit] + " …"
    elif len(text) > limit:
        text = text[:limit] + " …"
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308


@dataclass(frozen=True)
class Snippet:
    """A searched guideline's title and passage, HTML-safe, with the matches marked."""

    title_html: SafeString
    snippet_html: SafeString


def snippets(guidelines, query: str) -> dict[int, Snippet]:
    """The marked title and passage of each searched guideline, by its primary key."""
    terms = search_terms(query)
    found = {}
    for guideline in guidelines:
        headline = getattr(guideline, "headline", None)
        if headline is not None:
            found[guideline.pk] = Snippet(_marked(guideline.title_headline), _marked(headline.strip()))
        else:
            found[guideline.pk] = Snippet(
                _highlight_plain(guideline.title, terms, limit=400),
                _highlight_plain(guideline.summary, terms),
            )
    return found


def version_history(user: User, guideline: Guideline) -> list[Guideline]:
    """Every version of the guideline the user may read, oldest first (the guideline itself included)."""
    visible = visible_guidelines(user)
    chain = [guideline]
    older: Guideline | None = guideline
    while older is not None and older.supersedes_id:
        older = visible.filter(pk=older.supersedes_id).first()
        if older is not None:
            chain.insert(0, older)
    newer: Guideline | None = guideline
    while newer is not None:
        newer = visible.filter(supersedes=newer).first()
        if newer is not None:
            chain.append(newer)
    return chain


def criteria_with_history(guideline: Guideline) -> QuerySet[Criterion]:
    """The guideline's criteria, current wording and every earlier one (old assessments cite them)."""
    from django.db.models import Prefetch

    return (
        guideline.criteria.select_related("current")
        .prefetch_related(Prefetch("versions", queryset=CriterionVersion.objects.order_by("-version")))
        .order_by("order", "number")
    )
