"""Every malformed body on every create endpoint of the API is a 400 (413 when too large) in the one error
shape, and nothing is written: no row in any table of ours."""

import json

import pytest
from django.apps import apps

from cmcoord.limits import JSON_STRING_MAX_LENGTH, MAX_LEGS, TEXT_MAX_LENGTH
from requests.models import AssistanceRequest
from tests.requests.conftest import make_request as make_request_fixture
from tests.requests.test_api import payload

make_request = make_request_fixture

OUR_APPS = (
    "cmcoord",
    "accounts",
    "requests",
    "contacts",
    "guidelines",
    "maps",
    "capabilities",
    "deconfliction",
)

# Every POST of the API that creates something (walk: test_every_create_endpoint_is_listed), and who may.
CREATE_ENDPOINTS = {
    "/api/v1/requests/": "officer",
    "/api/v1/referrals/": "officer",
    "/api/v1/decisions/": "hc",
    "/api/v1/tasks/": "officer",
    "/api/v1/map/places/": "officer",
    "/api/v1/operations/": "manager",
    "/api/v1/assets/": "liaison",
    "/api/v1/humanitarian-notifications/": "requester",
    "/api/v1/contacts/": "officer",
    "/api/v1/platforms/": "officer",
    "/api/v1/guidelines/": "officer",
    "/api/v1/criteria/": "officer",
    "/api/v1/auth/token/": None,  # anonymous: a token is asked for with a password
}


def _deep(depth: int) -> bytes:
    return ('{"a": ' + "[" * depth + "]" * depth + "}").encode()


# (name, raw body, expected status, expected code)
MALFORMED = [
    ("array", b"[1, 2]", 400, "body_not_object"),
    ("string", b'"a request"', 400, "body_not_object"),
    ("null", b"null", 400, "body_not_object"),
    ("number", b"42", 400, "body_not_object"),
    ("not json", b"{'title': 1", 400, "invalid_json"),
    ("truncated", b"{", 400, "invalid_json"),
    ("NaN", b'{"title": NaN}', 400, "invalid_json"),
    ("not utf-8", b'{"title": "\xff\xfe"}', 400, "invalid_json"),
    ("nested 50 deep", _deep(50), 400, "too_deep"),
    ("nested 100,000 deep", _deep(100_000), 400, "too_deep"),
    ("escaped NUL", b'{"title": "a\\u0000b"}', 400, "nul_character"),
    ("NUL in a key", b'{"ti\\u0000tle": "a"}', 400, "nul_character"),
    ("raw NUL byte", b'{"title": "a\x00b"}', 400, "invalid_json"),
    ("over-long text", json.dumps({"title": "x" * (JSON_STRING_MAX_LENGTH + 1)}).encode(), 400, "too_long"),
]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model._meta.proxy
    }


@pytest.fixture
def manager(cast):
    from tests.factories import UserFactory

    return UserFactory(username="manager", organization=cast.ocha, is_operations_manager=True)


@pytest.fixture
def as_user(cast, manager, client_for, client):
    def make(name):
        if name is None:
            return client
        return client_for(manager if name == "manager" else getattr(cast, name))

    return make


def assert_error_shape(response, status, code):
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]


@pytest.mark.parametrize("path", list(CREATE_ENDPOINTS))
@pytest.mark.parametrize(("name", "raw", "status", "code"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_body_is_a_400_in_the_error_shape_and_writes_nothing(
    as_user, path, name, raw, status, code
):
    http = as_user(CREATE_ENDPOINTS[path])
    before = row_counts()

    response = http.post(path, data=raw, content_type="application/json")

    assert_error_shape(response, status, code)
    assert row_counts() == before


def test_every_create_endpoint_is_listed():
    """A new POST that creates (a collection's POST) must join CREATE_ENDPOINTS."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    found = set()
    for route, pattern in walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or "<" in route or "(?P" in route:
            continue
        actions = getattr(pattern.callback, "actions", None)
        view = getattr(pattern.callback, "cls", None)
        if (actions and actions.get("post") == "create") or (not actions and view and hasattr(view, "post")):
            found.add("/" + route.replace("^", "").replace("$", ""))
    # Not creates: logging out everywhere, and the map layers (a multipart upload, tested below).
    assert found - {"/api/v1/auth/logout-everywhere/", "/api/v1/map/layers/"} == set(CREATE_ENDPOINTS)


def test_the_multipart_layer_upload_refuses_a_json_body(cast, client_for):
    response = client_for(cast.officer).post(
        "/api/v1/map/layers/", data=b"[1]", content_type="application/json"
    )
    assert_error_shape(response, 415, "unsupported_media_type")


def test_a_body_larger_than_the_upload_promise_is_refused_before_it_is_read(cast, client_for, settings):
    settings.API_MAX_BODY_BYTES = 1000
    before = row_counts()

    response = client_for(cast.officer).post(
        "/api/v1/requests/",
        data=json.dumps(payload(cast, description="x" * 2000)),
        content_type="application/json",
    )

    assert_error_shape(response, 413, "body_too_large")
    assert row_counts() == before


def test_a_json_body_larger_than_its_limit_is_refused(cast, client_for, settings):
    settings.API_JSON_MAX_BYTES = 1000
    before = row_counts()

    response = client_for(cast.officer).post(
        "/api/v1/requests/",
        data=json.dumps(payload(cast, description="x" * 2000)),
        content_type="application/json",
    )

    assert_error_shape(response, 413, "body_too_large")
    assert row_counts() == before


@pytest.mark.parametrize("field", ["title", "description", "cargo_description", "exit_plan"])
def test_an_over_long_free_text_field_is_refused_by_the_api(cast, client_for, field):
    before = row_counts()
    long = "x" * (TEXT_MAX_LENGTH + 1) if field != "title" else "x" * 201

    response = client_for(cast.officer).post(
        "/api/v1/requests/", data=json.dumps(payload(cast, **{field: long})), content_type="application/json"
    )

    assert_error_shape(response, 400, "invalid")
    assert field in response.json()["fields"]
    assert row_counts() == before


def test_more_legs_than_the_limit_are_refused_by_the_api_and_the_service(cast, client_for):
    body = payload(cast)
    body["legs"] = [body["legs"][0]] * (MAX_LEGS + 1)
    before = row_counts()

    response = client_for(cast.officer).post(
        "/api/v1/requests/", data=json.dumps(body), content_type="application/json"
    )

    assert_error_shape(response, 400, "invalid")
    assert "legs" in response.json()["fields"]
    assert row_counts() == before
    # Exactly the limit is taken.
    body["legs"] = [body["legs"][0]] * MAX_LEGS
    response = client_for(cast.officer).post(
        "/api/v1/requests/", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert AssistanceRequest.objects.get(pk=response.json()["id"]).legs.count() == MAX_LEGS


def test_the_service_refuses_more_legs_than_the_limit(cast):
    from django.core.exceptions import ValidationError

    from requests.services import rfa as services
    from tests.requests.conftest import LEG, request_data

    with pytest.raises(ValidationError) as refused:
        services.request_create(
            operation=cast.operation,
            actor=cast.officer,
            organization=cast.wfp,
            data=request_data(),
            legs=[LEG] * (MAX_LEGS + 1),
        )
    assert "legs" in refused.value.message_dict
    assert not AssistanceRequest.objects.exists()


def test_an_over_long_comment_is_refused_by_the_api(cast, client_for, make_request):
    rfa = make_request()
    before = row_counts()

    response = client_for(cast.officer).post(
        f"/api/v1/requests/{rfa.pk}/comments/",
        data=json.dumps({"text": "x" * (TEXT_MAX_LENGTH + 1)}),
        content_type="application/json",
    )

    assert_error_shape(response, 400, "invalid")
    assert "text" in response.json()["fields"]
    assert row_counts() == before


def test_the_assessment_still_takes_a_list_at_the_top(cast, client_for, make_request):
    rfa = make_request()

    response = client_for(cast.officer).post(
        f"/api/v1/requests/{rfa.pk}/assessment/", data=b"[]", content_type="application/json"
    )

    assert response.status_code == 200, response.content[:300]


def test_an_action_refuses_a_body_that_is_not_an_object(cast, client_for, make_request):
    rfa = make_request()

    response = client_for(cast.officer).post(
        f"/api/v1/requests/{rfa.pk}/cancel/", data=b'"now"', content_type="application/json"
    )

    assert_error_shape(response, 400, "body_not_object")
    rfa.refresh_from_db()
    assert rfa.status == AssistanceRequest.Status.DRAFT


@pytest.mark.parametrize(
    "path",
    ["/api/v1/requests/?q=a%00b", "/requests/?q=a%00b", "/guidelines/?q=a%00b", "/api/v1/contacts/?q=a%00b"],
)
def test_a_nul_character_in_a_search_is_a_400_never_a_500(cast, client_for, path):
    response = client_for(cast.officer).get(path)

    assert response.status_code == 400
    if path.startswith("/api/"):
        assert_error_shape(response, 400, "bad_request")
