"""Pagination of the big lists: the count of an unfiltered list is the planner's estimate (issue 15)."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows (as the planner estimates them) the count is exact.
EXACT_BELOW = 10_000


class EstimatedCountPaginator(Paginator):
    """A paginator that does not COUNT a big list: on PostgreSQL, one query (cmcoord_count, migration 0007)
    answers the planner's estimate when it is EXACT_BELOW rows or more, else the exact count. For unfiltered
    lists only, where the estimate comes from an indexed column's statistics; a filtered list counts exactly.
    """

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return super().count
        try:
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a condition that matches nothing (e.g. pk__in=[]): no query at all
            return 0
        with connection.cursor() as cursor:
            query = cursor.mogrify(sql, params)
            cursor.execute(
                "SELECT cmcoord_count(%s, %s)",
                [query.decode() if isinstance(query, bytes) else query, EXACT_BELOW],
            )
            return int(cursor.fetchone()[0])
