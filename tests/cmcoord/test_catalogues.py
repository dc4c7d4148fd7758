"""The catalogues are complete: every entry translated, none fuzzy, and no string of the code is missing.

Adding an English string without `make makemessages` and its translations breaks this test.
"""

import os
import re
import shutil
import subprocess
import sys

import polib
import pytest

from tests.cmcoord.i18n_helpers import APPS, LANGUAGES, ROOT, catalogue, catalogue_path, entry_key

# What makemessages reads: the apps and the templates (MAKEMESSAGES_IGNORE in the Makefile leaves the rest).
COUNTERS = {"%(count)d", "%(counter)s"}
SOURCES = [*APPS, "templates", "manage.py"]


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}", text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    entries = [e for e in po if not e.obsolete]
    untranslated = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]

    assert len(entries) > 500
    assert not untranslated, f"{len(untranslated)} untranslated in {language}, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    broken = []
    for entry in catalogue(language):
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            expected = set(_placeholders(entry.msgid_plural))
            for index, text in entry.msgstr_plural.items():
                got = set(_placeholders(text))
                # A form may say "one" instead of writing the number; every other placeholder must stay.
                if not (expected - COUNTERS <= got <= expected):
                    broken.append((entry.msgid, index, text))
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            broken.append((entry.msgid, entry.msgstr))

    assert not broken, broken[:5]


def test_arabic_has_its_six_plural_forms():
    assert "nplurals=6" in catalogue("ar").metadata["Plural-Forms"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_entry_has_the_forms_its_language_needs(language):
    po = catalogue(language)
    forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    plural = [e for e in po if e.msgid_plural and not e.obsolete]

    assert plural
    assert all(len(e.msgstr_plural) == forms and all(e.msgstr_plural.values()) for e in plural)


def test_makemessages_finds_no_string_the_catalogues_lack(tmp_path):
    """Run makemessages over a copy of the code and its catalogue: nothing new may appear."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext is missing: `make test` installs Debian's gettext (make gettext).")
    work = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=ignore)
        else:
            shutil.copy2(source, work / name)
    copied = work / "locale" / "fr" / "LC_MESSAGES"
    copied.mkdir(parents=True)
    shutil.copy2(catalogue_path("fr"), copied / "django.po")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "sqlite://:memory:", "REDIS_URL": ""}

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--add-location=file"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )

    found = {entry_key(e) for e in polib.pofile(str(copied / "django.po")) if not e.obsolete}
    known = {entry_key(e) for e in catalogue("fr") if not e.obsolete}
    missing = sorted(found - known)
    stale = sorted(known - found)
    assert not missing, (
        f"{len(missing)} strings are not in the catalogues (run `make makemessages`): {missing[:8]}"
    )
    assert not stale, f"{len(stale)} catalogue entries are no longer in the code: {stale[:8]}"


def test_every_language_has_the_same_entries():
    keys = {language: {entry_key(e) for e in catalogue(language) if not e.obsolete} for language in LANGUAGES}
    reference = keys["fr"]
    for language, found in keys.items():
        assert found == reference, f"{language} differs from fr: {sorted(found ^ reference)[:5]}"
