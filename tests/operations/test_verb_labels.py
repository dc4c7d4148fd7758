"""Every verb the code can record in the audit log has a name in the reader's language (cmcoord.registry), and
the record of an operation shows those names, never the codes."""

import ast
import csv
import html as html_module
import io
import re

from django.urls import reverse
from django.utils import translation

from capabilities import lifecycle as asset_lifecycle
from cmcoord.registry import verb_label, verb_labels
from cmcoord.services import audit_record
from deconfliction import lifecycle as hn_lifecycle
from requests import lifecycle as request_lifecycle
from requests.models import HctResponse
from tests.cmcoord.i18n_helpers import APPS, LANGUAGES, ROOT, english_left, visible_text

# The writers of an event: audit_record and the model itself; a function that takes a `verb` and passes it on
# to a writer is found and becomes one too (requests.services.base.move, hct._close).
WRITERS = {"audit_record", "AuditEvent", "create", "bulk_create"}

# The verbs built from a table: (file, the f-string as written) -> every verb it can make.
BUILT = {
    ("requests/services/base.py", "f'request.{action}'"): {
        f"request.{action}" for action in request_lifecycle.ACTIONS
    },
    ("requests/services/tasking.py", "f'task.{action}'"): {
        f"task.{action}" for action in request_lifecycle.TASK.actions
    },
    ("requests/services/hct.py", "f'hct.{position}'"): {
        f"hct.{position}" for position in HctResponse.Position.values
    },
    ("capabilities/services.py", "f'asset.{action}'"): {
        f"asset.{action}" for _s, action in asset_lifecycle.MOVES
    },
    ("deconfliction/services.py", "f'hn.{aggregate}.{action}'"): {
        f"hn.{move.aggregate}.{move.action}" for move in hn_lifecycle.MOVES
    },
}


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or "tests" in relative.parts:
                continue
            yield relative.as_posix(), ast.parse(path.read_text(), filename=str(relative))


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _verb_argument(call: ast.Call) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == "verb"), None)


def _functions(tree):
    """(function, its calls) for every function of a module (calls of nested functions counted in theirs)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def recordable_verbs() -> tuple[dict[str, str], list[str]]:
    """({verb: where it is written}, [what the scan cannot tell]) over the apps' code."""
    modules = list(_sources())
    writers = set(WRITERS)
    grown = True
    while grown:  # the functions that pass their own `verb` on to a writer, until none is added
        grown = False
        for _path, tree in modules:
            for function, calls in _functions(tree):
                params = {a.arg for a in function.args.args + function.args.kwonlyargs}
                if function.name in writers or "verb" not in params:
                    continue
                for call in calls:
                    value = _verb_argument(call)
                    if _callee(call) in writers and isinstance(value, ast.Name) and value.id == "verb":
                        writers.add(function.name)
                        grown = True
    verbs: dict[str, str] = {}
    unknown: list[str] = []
    for path, tree in modules:
        passing_on = {
            id(call): function
            for function, calls in _functions(tree)
            for call in calls
            if "verb" in {a.arg for a in function.args.args + function.args.kwonlyargs}
        }
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            value = _verb_argument(call)
            if value is None or _callee(call) not in writers:
                continue
            where = f"{path}:{call.lineno}"
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                verbs.setdefault(value.value, where)
            elif isinstance(value, ast.JoinedStr) and (path, ast.unparse(value)) in BUILT:
                for verb in BUILT[(path, ast.unparse(value))]:
                    verbs.setdefault(verb, where)
            elif isinstance(value, ast.Name) and value.id == "verb" and id(call) in passing_on:
                continue  # a writer passing its caller's verb on: the callers are scanned
            else:
                unknown.append(f"{where}: verb={ast.unparse(value)}")
    return verbs, unknown


def test_the_scan_finds_the_verbs_written_as_they_are_and_built_from_the_tables():
    verbs, unknown = recordable_verbs()
    assert not unknown, "verbs the scan cannot tell (add their table to BUILT):\n" + "\n".join(unknown)
    # Written as a constant, passed on by a writer of its own, built from each table.
    for verb in (
        "request.create",
        "invitation.accept",
        "asset.declare",
        "hct.silence_broken",  # move(verb=...)
        "referral.close",  # _close(verb=...)
        "request.put_to_hct",
        "task.accept",
        "hct.object",
        "asset.release",
        "hn.transmission.raise_concern",
        "mfa.reset",
        "membership.set",
    ):
        assert verb in verbs, verb
    assert len(verbs) > 100


def test_every_verb_the_code_can_record_has_a_label():
    verbs, _unknown = recordable_verbs()
    labels = verb_labels()
    missing = sorted(f"{verb} ({where})" for verb, where in verbs.items() if verb not in labels)
    assert not missing, "verbs recorded without a label in cmcoord.registry:\n" + "\n".join(missing)


def test_every_label_is_translated_in_every_language():
    verbs, _unknown = recordable_verbs()
    untranslated = []
    for language in LANGUAGES:
        for verb in sorted(verbs):
            with translation.override("en"):
                english = verb_label(verb)
            with translation.override(language):
                if verb_label(verb) == english:
                    untranslated.append(f"{language}: {verb} {english!r}")
    assert not untranslated, "\n".join(untranslated)


CODE = re.compile(r"\b[a-z_]+\.[a-z_]+(?:\.[a-z_]+)?\b")


def test_the_record_in_french_names_every_kind_of_event_and_shows_no_code(cast, client_for):
    verbs, _unknown = recordable_verbs()
    for verb in sorted(verbs):
        audit_record(actor=cast.officer, operation=cast.operation, obj=cast.operation, verb=verb)
    cast.officer.language = "fr"
    cast.officer.save(update_fields=["language"])
    client = client_for(cast.officer)
    url = reverse("operations:record", args=[cast.operation.pk])
    with translation.override("fr"):
        french = {verb: verb_label(verb) for verb in verbs}
    seen: set[str] = set()
    for page in range(1, len(verbs) // 50 + 3):
        html = client.get(url, {"page": page}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        # The code stays for technical readers as the title of its label, and nowhere else.
        titled = re.findall(r'<span title="([a-z_.]+)">([^<]*)</span>', html)
        for verb, shown in titled:
            assert html_module.unescape(shown) == french[verb], verb
            seen.add(verb)
        _attrs, pieces = visible_text(re.sub(r'<span title="[a-z_.]+">', "<span>", html))
        assert not [piece for piece in pieces if CODE.search(piece)], [p for p in pieces if CODE.search(p)]
        assert not english_left(pieces, "fr", {cast.operation.name, str(cast.operation)})
    assert seen == set(verbs)


def test_the_csv_export_has_the_label_and_the_code(cast, client_for):
    audit_record(actor=cast.officer, operation=cast.operation, obj=cast.operation, verb="invitation.accept")
    cast.officer.language = "fr"
    cast.officer.save(update_fields=["language"])
    response = client_for(cast.officer).get(
        reverse("operations:record-csv", args=[cast.operation.pk]), {"kind": "invitation"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    with translation.override("fr"):
        label = verb_label("invitation.accept")
    assert label != "accepted the invitation"
    assert rows[1][2:4] == [label, "invitation.accept"]
