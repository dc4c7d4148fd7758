"""cmcoord_count(query, exact_below): the number of rows of a list, in one query, without counting a big one.

The planner's estimate of the query's rows (EXPLAIN) when it is exact_below or more; else an exact count(*).
cmcoord.paging.EstimatedCountPaginator calls it for the big unfiltered lists (issue 15): a COUNT over 100,000
requests on every page load is not needed to show "page 3 of about 4,000". PostgreSQL only; elsewhere the
paginator counts.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION cmcoord_count(query text, exact_below bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    plan json;
    estimate bigint;
    exact bigint;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    IF estimate >= exact_below THEN
        RETURN estimate;
    END IF;
    EXECUTE 'SELECT count(*) FROM (' || query || ') AS counted' INTO exact;
    RETURN exact;
END
$$;
"""
BACKWARD = "DROP FUNCTION cmcoord_count(text, bigint);"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("cmcoord", "0008_idempotency_key")]

    operations = [migrations.RunPython(forward, backward)]
