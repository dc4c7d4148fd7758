"""SQLite only: the database rules of 0002 once more.

SQLite alters a table by building a new one, dropping the old one (and the triggers on it) and renaming the
new one: 0005 and 0006 added fields to the user table, which took `cmcoord_user_organization_check` with it.
This puts every rule of 0002 back as it was (PostgreSQL keeps its triggers through ALTER TABLE: nothing to do).
A later migration that alters one of these tables on SQLite must do the same.
"""

import importlib

from django.db import migrations

rules = importlib.import_module("cmcoord.migrations.0002_database_rules")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, statement in zip(rules.SQLITE_TRIGGERS, rules.SQLITE, strict=True):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cmcoord", "0009_count_estimate")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
