"""Rules the database itself enforces, whatever path a write takes.

1. A military user (one whose organisation's type is military) holds only the military liaison officer role,
   and only a military user holds it. Checked when a membership is written, when a user changes organisation,
   and when an organisation changes type.
2. The audit log is append-only: UPDATE and DELETE on cmcoord_auditevent are refused.
"""

from django.db import migrations

# Frozen copy of Organization.MILITARY_TYPES at the time of this migration.
MILITARY = "('national_armed_forces', 'foreign_military', 'civil_defence', 'peacekeeping')"
ROLE_MSG = "cmcoord: a military user can only hold the military liaison officer role, and only a military user can"
ORG_MSG = "cmcoord: a member of an operation must belong to an organisation"
AUDIT_MSG = "cmcoord: the audit log is append-only"

POSTGRES = f"""
CREATE FUNCTION cmcoord_membership_role_check() RETURNS trigger AS $$
DECLARE org_type varchar;
BEGIN
    SELECT o.type INTO org_type
      FROM cmcoord_user u JOIN cmcoord_organization o ON o.id = u.organization_id
     WHERE u.id = NEW.user_id;
    IF org_type IS NULL THEN
        RAISE EXCEPTION '{ORG_MSG}' USING ERRCODE = 'check_violation';
    END IF;
    IF (org_type IN {MILITARY}) <> (NEW.role = 'military_liaison') THEN
        RAISE EXCEPTION '{ROLE_MSG}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cmcoord_membership_role_check BEFORE INSERT OR UPDATE ON cmcoord_membership
    FOR EACH ROW EXECUTE FUNCTION cmcoord_membership_role_check();

CREATE FUNCTION cmcoord_user_organization_check() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM cmcoord_membership m
          LEFT JOIN cmcoord_organization o ON o.id = NEW.organization_id
         WHERE m.user_id = NEW.id
           AND (o.id IS NULL OR (o.type IN {MILITARY}) <> (m.role = 'military_liaison'))
    ) THEN
        RAISE EXCEPTION '{ROLE_MSG}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cmcoord_user_organization_check BEFORE UPDATE OF organization_id ON cmcoord_user
    FOR EACH ROW EXECUTE FUNCTION cmcoord_user_organization_check();

CREATE FUNCTION cmcoord_organization_type_check() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM cmcoord_membership m JOIN cmcoord_user u ON u.id = m.user_id
         WHERE u.organization_id = NEW.id
           AND (NEW.type IN {MILITARY}) <> (m.role = 'military_liaison')
    ) THEN
        RAISE EXCEPTION '{ROLE_MSG}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cmcoord_organization_type_check BEFORE UPDATE OF type ON cmcoord_organization
    FOR EACH ROW EXECUTE FUNCTION cmcoord_organization_type_check();

CREATE FUNCTION cmcoord_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{AUDIT_MSG}' USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cmcoord_audit_append_only BEFORE UPDATE OR DELETE ON cmcoord_auditevent
    FOR EACH ROW EXECUTE FUNCTION cmcoord_audit_append_only();
"""

POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS cmcoord_audit_append_only ON cmcoord_auditevent;
DROP FUNCTION IF EXISTS cmcoord_audit_append_only();
DROP TRIGGER IF EXISTS cmcoord_organization_type_check ON cmcoord_organization;
DROP FUNCTION IF EXISTS cmcoord_organization_type_check();
DROP TRIGGER IF EXISTS cmcoord_user_organization_check ON cmcoord_user;
DROP FUNCTION IF EXISTS cmcoord_user_organization_check();
DROP TRIGGER IF EXISTS cmcoord_membership_role_check ON cmcoord_membership;
DROP FUNCTION IF EXISTS cmcoord_membership_role_check();
"""

_SQLITE_MEMBERSHIP_WHEN = f"""
    (SELECT o.type FROM cmcoord_user u JOIN cmcoord_organization o ON o.id = u.organization_id
      WHERE u.id = NEW.user_id) IS NULL
    OR ((SELECT o.type FROM cmcoord_user u JOIN cmcoord_organization o ON o.id = u.organization_id
          WHERE u.id = NEW.user_id) IN {MILITARY}) <> (NEW.role = 'military_liaison')
"""

SQLITE = [
    f"""CREATE TRIGGER cmcoord_membership_role_insert BEFORE INSERT ON cmcoord_membership
        WHEN {_SQLITE_MEMBERSHIP_WHEN}
        BEGIN SELECT RAISE(ABORT, '{ROLE_MSG}'); END;""",
    f"""CREATE TRIGGER cmcoord_membership_role_update BEFORE UPDATE ON cmcoord_membership
        WHEN {_SQLITE_MEMBERSHIP_WHEN}
        BEGIN SELECT RAISE(ABORT, '{ROLE_MSG}'); END;""",
    f"""CREATE TRIGGER cmcoord_user_organization_check BEFORE UPDATE OF organization_id ON cmcoord_user
        WHEN EXISTS (
            SELECT 1 FROM cmcoord_membership m
              LEFT JOIN cmcoord_organization o ON o.id = NEW.organization_id
             WHERE m.user_id = NEW.id
               AND (o.id IS NULL OR (o.type IN {MILITARY}) <> (m.role = 'military_liaison')))
        BEGIN SELECT RAISE(ABORT, '{ROLE_MSG}'); END;""",
    f"""CREATE TRIGGER cmcoord_organization_type_check BEFORE UPDATE OF type ON cmcoord_organization
        WHEN EXISTS (
            SELECT 1 FROM cmcoord_membership m JOIN cmcoord_user u ON u.id = m.user_id
             WHERE u.organization_id = NEW.id
               AND (NEW.type IN {MILITARY}) <> (m.role = 'military_liaison'))
        BEGIN SELECT RAISE(ABORT, '{ROLE_MSG}'); END;""",
    f"""CREATE TRIGGER cmcoord_audit_no_update BEFORE UPDATE ON cmcoord_auditevent
        BEGIN SELECT RAISE(ABORT, '{AUDIT_MSG}'); END;""",
    f"""CREATE TRIGGER cmcoord_audit_no_delete BEFORE DELETE ON cmcoord_auditevent
        BEGIN SELECT RAISE(ABORT, '{AUDIT_MSG}'); END;""",
]
SQLITE_TRIGGERS = [
    "cmcoord_membership_role_insert",
    "cmcoord_membership_role_update",
    "cmcoord_user_organization_check",
    "cmcoord_organization_type_check",
    "cmcoord_audit_no_update",
    "cmcoord_audit_no_delete",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"cmcoord supports PostgreSQL and SQLite, not {vendor}.")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cmcoord", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
