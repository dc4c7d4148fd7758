"""Pagination of the big lists: the count of an unfiltered list is the planner's estimate (issue 15)."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# Below this many rows (as the planner estimates them) the count is exact.
EXACT_BELOW = 10_000


def page_number(number) -> int:
    """A page's number, 1 or more, checked without the count (which decides only where the pages end)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise PageNotAnInteger(_("That page number is not an integer")) from None
    if number < 1:
        raise EmptyPage(_("That page number is less than 1"))
    return number


class _PageWithLookAhead(Page):
    """A page that knows whether another follows from one row read past its end, not from the count."""

    def __init__(self, object_list, number, paginator, more: bool):
        super().__init__(object_list, number, paginator)
        self._more = more

    def has_next(self) -> bool:
        return self._more


class EstimatedCountPaginator(Paginator):
    """A paginator that does not COUNT a big list: on PostgreSQL, one query (cmcoord_count, migration 0007)
    answers the planner's estimate when it is EXACT_BELOW rows or more, else the exact count. For unfiltered
    lists only, where the estimate comes from an indexed column's statistics; a filtered list counts exactly.

    When the count is an estimate, it never decides which pages exist: a page reads one row past its end to
    know whether another follows, so walking "next" reaches the last row whatever the estimate says.
    """

    @cached_property
    def count(self) -> int:
        count, self.estimated = self._count_or_estimate()
        return count

    estimated = False

    def _count_or_estimate(self) -> tuple[int, bool]:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return super().count, False
        try:
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a condition that matches nothing (e.g. pk__in=[]): no query at all
            return 0, False
        with connection.cursor() as cursor:
            query = cursor.mogrify(sql, params)
            cursor.execute(
                "SELECT cmcoord_count(%s, %s)",
                [query.decode() if isinstance(query, bytes) else query, EXACT_BELOW],
            )
            count = int(cursor.fetchone()[0])
        return count, count >= EXACT_BELOW

    def validate_number(self, number):
        if not (self.count and self.estimated):
            return super().validate_number(number)
        return page_number(number)

    def page(self, number):
        number = self.validate_number(number)
        if not self.estimated:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return _PageWithLookAhead(rows[: self.per_page], number, self, len(rows) > self.per_page)


class OnePassPaginator(Paginator):
    """A paginator whose page and count come from one query: for a list that answers
    `page_and_count(offset, limit)` with its rows and their count (requests.selectors.SearchedRequests, a
    search that would otherwise read its matches twice: once to count them, once to rank them). Past the end,
    where no row may carry the count, the count is asked for on its own."""

    def get_page(self, number):
        """The page; the first for a number that is not one, the last past the end. Without counting first
        (Paginator.get_page checks the number against the count): the count comes with the page."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        number = page_number(number)
        rows, count = self.object_list.page_and_count((number - 1) * self.per_page, self.per_page)
        if count is not None:
            self.__dict__["count"] = count  # the cached_property, answered by the page's query
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return self._get_page(rows, number, self)


def paginator_for(object_list, *, unfiltered: bool) -> type[Paginator]:
    """The paginator of a big list: one pass for a search, the planner's estimate unfiltered, else exact."""
    if hasattr(object_list, "page_and_count"):
        return OnePassPaginator
    return EstimatedCountPaginator if unfiltered else Paginator
