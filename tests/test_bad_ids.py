"""Bad ids: every route with one captured argument answers 404 (never a 5xx) for ids that are not ids.

The routes are found by walking the URL resolver, pages and API alike, so a new route is covered the day it is
added. On PostgreSQL a non-numeric id reaching the database, or one past bigint, is an error, not "no row".
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import mfa_verified_login
from tests.factories import UserFactory

# The last two: past bigint, by far and by one.
BAD_IDS = ("abc", "0", "-1", "99999999999999999999", "9223372036854775808")
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def one_argument_routes(patterns=None, prefix=""):
    """(pattern text, argument name) of every route with exactly one captured argument."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from one_argument_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            text = prefix + str(pattern.pattern)
            found = ARGUMENT.findall(text)
            if len(found) == 1:
                yield text, found[0][0] or found[0][1]


def url_with(text: str, value: str) -> str:
    return "/" + ARGUMENT.sub(value, text).replace("^", "").replace("$", "")


def test_the_walk_finds_the_detail_routes():
    texts = [text for text, _arg in one_argument_routes()]
    assert any(text.startswith("api/v1/guidelines/<id:pk>") for text in texts)
    assert any(text.startswith("requests/<id:pk>/") for text in texts)


def walk(client, routes, method: str, allowed: tuple[int, ...]) -> list[str]:
    failures = []
    for text, _arg in routes:
        for bad in BAD_IDS:
            url = url_with(text, bad)
            response = getattr(client, method)(url)
            code = response.status_code
            if code not in allowed:
                failures.append(f"{method.upper()} {url}: {code} (expected {' or '.join(map(str, allowed))})")
            elif url.startswith("/api/") and code == 404 and response.json().get("code") != "not_found":
                failures.append(f"{method.upper()} {url}: 404 without the API's error shape")
    return failures


@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_ids_answer_404_on_every_one_argument_route(method, cast, settings):
    # Every POST here is refused, but each counts against the API's write throttle.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "writes": "100000/min",
        },
    }
    client = mfa_verified_login(Client(), cast.officer)
    routes = [(text, arg) for text, arg in one_argument_routes() if not text.startswith("admin/")]
    # A POST to a read-only route is refused for its method before its argument is read (405).
    allowed = (404,) if method == "get" else (404, 405)
    failures = walk(client, routes, method, allowed)
    print(f"{len(routes)} one-argument routes walked ({method.upper()}, officer)")
    assert len(routes) > 100
    assert not failures, "\n".join(failures)


def test_bad_ids_in_the_admin_are_never_a_server_error(cast):
    """Django's admin answers a bad id its own way (a redirect with a message): never a 5xx."""
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True, organization=cast.ocha)
    client = mfa_verified_login(Client(), staff)
    routes = [(text, arg) for text, arg in one_argument_routes() if text.startswith("admin/")]
    failures = walk(client, routes, "get", (200, 302, 403, 404))
    print(f"{len(routes)} one-argument admin routes walked")
    assert routes
    assert not failures, "\n".join(failures)
