"""The links of a decision to the guidelines it relied on and to the people present are part of the record:
the database refuses UPDATE and DELETE on them, as on the decision itself (0004). Rows are only ever added,
when the decision is recorded (requests/services/hct.py).

SQLite drops the triggers of a table it rebuilds (see cmcoord 0010): a later migration that alters one of these
tables on SQLite must create them again.
"""

from django.db import migrations

TABLES = ["requests_decision_guidelines", "requests_decision_present"]
MESSAGE = "cmcoord: the record of decisions, responses and reports is append-only"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # requests_append_only() comes from 0004
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION requests_append_only();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
                )
    else:
        raise RuntimeError(f"cmcoord supports PostgreSQL and SQLite, not {vendor}.")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            for event in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")


class Migration(migrations.Migration):
    dependencies = [("requests", "0007_request_search")]

    operations = [migrations.RunPython(forwards, backwards)]
