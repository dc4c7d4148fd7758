"""Every page of every role, in each language: no English UI text left, and <html lang dir> right.

The pages are the authorization matrix's (tests/test_authorization_matrix.py): every route that is not the
admin's nor the API's and that answers 200 to some role, in the matrix's world (tests/authz_world.py). A new
page gets a row in the matrix, and so is checked here in every language with nothing more to write.

Each route is rendered in every language at least once, and each role that may see it sees it in at least
one language: role j of a route's roles is checked in language (route's index + j), so the roles rotate
across the languages and the whole stays well under 2,000 requests. The language is set as a person sets it:
the stored preference of a signed-in user (whose browser asks for English, which the preference overrides),
and the browser's Accept-Language for the anonymous visitor.

Only HTML answers are read (the content type says so); files, CSV, JSON and scripts are not pages. What is
checked: <html lang> and dir (rtl for Arabic), and that no piece of visible text is an English msgid of the
catalogue (tests/cmcoord/i18n_helpers.py).
"""

import pytest
from django.test import Client

from tests.authz_world import build_world
from tests.cmcoord.i18n_helpers import LANGUAGES, RTL, english_left, visible_text
from tests.conftest import mfa_verified_login
from tests.requests.conftest import make_request as make_request_fixture
from tests.test_authorization_matrix import MATRIX, ROLES, clients, route_args, rows, url_of, users_of

make_request = make_request_fixture

# What the world wrote that is spelt like a msgid: user content in the language it was written in, not the
# UI's text.
WORLD_CONTENT: set[str] = set()


def page_rows() -> list[tuple[str, str, str, str | None, list[str]]]:
    """(row key, url name, pattern text, state, roles answered 200) of every page of the matrix."""
    pages = []
    for key, name, text, state in rows():
        if state == "admin" or key.startswith(("admin:", "api-")):
            continue
        roles = [role for role, code in zip(ROLES, MATRIX[key].split(), strict=True) if code == "200"]
        if roles:
            pages.append((key, name, text, state, roles))
    return pages


def plan() -> dict[str, list[tuple[str, str, str, str | None, str]]]:
    """language -> the (row key, url name, pattern text, state, role) rendered in it."""
    planned: dict[str, list] = {language: [] for language in LANGUAGES}
    for index, (key, name, text, state, roles) in enumerate(page_rows()):
        for j in range(max(len(roles), len(LANGUAGES))):
            language = LANGUAGES[(index + j) % len(LANGUAGES)]
            planned[language].append((key, name, text, state, roles[j % len(roles)]))
    return planned


def test_the_plan_covers_every_page_role_and_language():
    planned = plan()
    pages = page_rows()
    assert len(pages) > 100  # the matrix's pages, not a hand-made list
    for language, checks in planned.items():
        assert {key for key, *_ in pages} == {key for key, *_ in checks}, language
    wanted = {(key, role) for key, _name, _text, _state, roles in pages for role in roles}
    done = {(key, role) for checks in planned.values() for key, _n, _t, _s, role in checks}
    assert wanted == done
    assert sum(len(checks) for checks in planned.values()) <= 2000


def problems_of(html: str, language: str) -> list[str]:
    attrs, pieces = visible_text(html)
    problems = []
    if attrs.get("lang") != language or attrs.get("dir") != ("rtl" if language in RTL else "ltr"):
        problems.append(f"<html lang={attrs.get('lang')!r} dir={attrs.get('dir')!r}>")
    problems += [f"English: {piece!r}" for piece in english_left(pieces, language, WORLD_CONTENT)]
    return problems


def test_the_check_finds_an_english_page_and_a_wrong_direction(cast):
    cast.officer.language = "en"
    cast.officer.save(update_fields=["language"])

    html = mfa_verified_login(Client(), cast.officer).get("/").content.decode()

    problems = problems_of(html, "ar")
    assert problems[0] == "<html lang='en' dir='ltr'>"
    assert "English: 'Requests'" in problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_every_role_is_in_the_language(language, cast, make_request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world(cast, make_request)
    for user in users_of(cast, world).values():
        if user is not None:
            user.language = language  # the preference the user stored
            user.save(update_fields=["language"])
    client = clients(cast, world)
    problems, pages = [], 0
    for key, name, text, state, role in plan()[language]:
        url = url_of(name, text, route_args(name, text, state, world, cast))
        # The anonymous visitor's browser asks for the language; a signed-in user's asks for English, and
        # the stored preference wins.
        browser = language if role == "anonymous" else "en"
        response = client[role].get(url, HTTP_ACCEPT_LANGUAGE=f"{browser},en;q=0.5")
        where = f"{key} as {role} in {language} ({url})"
        if response.status_code != 200:
            problems.append(f"{where}: answered {response.status_code}, the matrix says 200")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue  # a file, CSV, JSON or a script: not a page
        pages += 1
        problems += [f"{where}: {problem}" for problem in problems_of(response.content.decode(), language)]

    assert pages > 100
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
