"""SQLite only: the append-only rules of 0002 once more.

SQLite alters a table by building a new one and dropping the old one with its triggers: 0003 (text lengths)
rebuilt the versions and concerns tables, which lost their rules on SQLite (the demo database). PostgreSQL
keeps its triggers through ALTER TABLE: nothing to do there.
"""

import importlib

from django.db import migrations

rules = importlib.import_module("deconfliction.migrations.0002_append_only_records")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in rules.TABLES:
        for event in ("UPDATE", "DELETE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event.lower()};")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{rules.MESSAGE}'); END;"
            )


class Migration(migrations.Migration):
    dependencies = [("deconfliction", "0003_text_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
