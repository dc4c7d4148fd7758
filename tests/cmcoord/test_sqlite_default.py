"""`make run`'s embedded database: a fresh SQLite file migrates from the first migration to the last, keeps
every database rule (a table rebuilt by SQLite loses its triggers) and takes the demo. In a subprocess, as
`make run` does."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = {
    "cmcoord_membership_role_insert",
    "cmcoord_membership_role_update",
    "cmcoord_user_organization_check",
    "cmcoord_organization_type_check",
    "cmcoord_audit_no_update",
    "cmcoord_audit_no_delete",
    # the record of decisions (requests 0004) and of their links to guidelines and people present (0008)
    *(
        f"requests_{table}_no_{event}"
        for table in (
            "decision",
            "hctresponse",
            "taskreport",
            "conditionsacknowledgement",
            "decision_guidelines",
            "decision_present",
        )
        for event in ("update", "delete")
    ),
    # the contacts' access log (contacts 0004) and the record of humanitarian notifications (deconfliction
    # 0002, again in 0004 after 0003 rebuilt two of its tables)
    "contacts_contactaccesslog_no_update",
    "contacts_contactaccesslog_no_delete",
    *(
        f"deconfliction_{table}_no_{event}"
        for table in ("notificationversion", "routeleg", "dispatch", "acknowledgement", "concern")
        for event in ("update", "delete")
    ),
}


def _manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_a_fresh_sqlite_database_migrates_keeps_its_rules_and_takes_the_demo(tmp_path):
    database = tmp_path / "db.sqlite3"
    migrated = _manage(database, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    with sqlite3.connect(database) as db:
        triggers = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert triggers >= RULES
    seeded = _manage(database, "seed_demo")
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    with sqlite3.connect(database) as db:
        # the rule holds: a military user cannot hold a humanitarian role, even written straight to the table
        user_id, op_id = db.execute(
            "SELECT m.user_id, m.operation_id FROM cmcoord_membership m WHERE m.role = 'military_liaison'"
        ).fetchone()
        try:
            db.execute(
                "UPDATE cmcoord_membership SET role = 'cmcoord_officer'"
                " WHERE user_id = ? AND operation_id = ?",
                (user_id, op_id),
            )
        except sqlite3.DatabaseError as refused:
            assert "military" in str(refused).lower()
        else:
            raise AssertionError("the database let a military user become a CMCoord officer")
