"""The search's GIN indexes (0007) without a pending list (fastupdate off), on PostgreSQL.

With fastupdate on, new entries wait in a pending list until a vacuum merges them; the planner counts its
pages into every search's cost and, once the list has grown (a burst of new requests, or entries of rolled
back writes), prefers reading the whole table. Requests are written far less often than they are searched:
each insert updates the index at once instead, and a search always costs what its index says.
"""

from django.db import migrations

INDEXES = ("request_search", "request_reference_trgm", "request_places_trgm")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off);")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate);")


class Migration(migrations.Migration):
    dependencies = [("requests", "0009_export_jobs")]

    operations = [migrations.RunPython(forwards, backwards)]
