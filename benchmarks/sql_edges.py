"""SQL of the lists' last edges (issue 24), with EXPLAIN ANALYZE on a generated database: the status filter
with and without DISTINCT, the search with JIT on and off, the liaison's task lookup through guardian's
get_objects_for_user and through objects_granted. Prints the median of planning + execution per query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/BENCH_DB .venv/bin/python benchmarks/sql_edges.py

on a database filled by `manage.py seed_demo` and `manage.py generate_load --requests 100000 --tasks 30000`,
then VACUUM ANALYZE (see README.md, "lists.py"). Not a test: it measures and prints.
"""

import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmcoord.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from guardian.shortcuts import get_objects_for_user  # noqa: E402

from cmcoord.models import Operation, User  # noqa: E402
from requests.filters import RequestFilter  # noqa: E402
from requests.models import Task  # noqa: E402
from requests.permissions import visible_tasks  # noqa: E402
from requests.selectors import requests_for_user  # noqa: E402

RUNS = 7


def measure(label: str, queryset, jit: str | None = None) -> None:
    sql, params = queryset.query.sql_with_params()
    times = []
    with connection.cursor() as cursor:
        if jit:
            cursor.execute(f"SET jit = {jit}")
        for _ in range(RUNS):
            cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            planning = float(re.search(r"Planning Time: ([\d.]+)", plan).group(1))
            execution = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
            times.append(planning + execution)
        jitted = "JIT:" in plan
        cursor.execute("RESET jit")
    compiled = " [JIT compiled]" if jitted else ""
    print(f"{label}: {statistics.median(times):.1f} ms (min {min(times):.1f}){compiled}")


def listing(user, operation, query: str):
    rows = requests_for_user(user, operation)
    return RequestFilter(QueryDict(query), queryset=rows, operation=operation).qs


def main() -> None:
    operation = Operation.objects.get(code="MOZ")
    officer = User.objects.get(username="officer")
    liaison = User.objects.get(username="liaison")
    statuses = listing(officer, operation, "status=submitted&status=under_review")
    measure("status filter, page 1, DISTINCT (before)", statuses.distinct()[:25])
    measure("status filter, page 1, no DISTINCT (after)", statuses[:25])
    measure("status filter, count, DISTINCT (before)", statuses.order_by().values("pk").distinct())
    measure("status filter, count, no DISTINCT (after)", statuses.order_by().values("pk"))
    for term in ("Beira", "Nhamatana", "maize meal Nhamatanda"):
        searched = listing(officer, operation, f"q={term}")
        for jit in ("on", "off"):
            measure(f"search {term!r}, page 1, jit={jit}", searched[:25], jit=jit)
    tasks = Task.objects.filter(request__operation=operation, force_id=liaison.organization_id)
    pk = tasks.order_by("pk").values_list("pk", flat=True)[tasks.count() // 2]
    related = ("request", "request__operation", "force")
    guardian = get_objects_for_user(liaison, "requests.view_task", tasks, accept_global_perms=False)
    before = guardian.select_related(*related).filter(pk=pk)
    measure("task detail lookup, get_objects_for_user (before)", before)
    granted = visible_tasks(liaison).select_related(*related).filter(pk=pk)
    measure("task detail lookup, objects_granted (after)", granted)


if __name__ == "__main__":
    main()
