"""The record of humanitarian notification is indelible, whatever path a write takes: the database refuses
UPDATE and DELETE on versions, route legs, dispatches, acknowledgements and concerns (as on the audit log)."""

from django.db import migrations

TABLES = [
    "deconfliction_notificationversion",
    "deconfliction_routeleg",
    "deconfliction_dispatch",
    "deconfliction_acknowledgement",
    "deconfliction_concern",
]
MESSAGE = "cmcoord: the record of humanitarian notification is append-only"

POSTGRES_FUNCTION = f"""
CREATE FUNCTION deconfliction_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION deconfliction_append_only();"
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
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS deconfliction_append_only();")
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")


class Migration(migrations.Migration):
    dependencies = [("deconfliction", "0001_humanitarian_notification")]
    operations = [migrations.RunPython(forwards, backwards)]
