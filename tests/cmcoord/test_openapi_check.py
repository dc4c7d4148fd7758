"""The check every API answer of the tests goes through (tests/openapi_check.py) refuses what the schema does
not say: an undeclared status, a missing field, a null where none is declared, a field the schema does not
have, a path the schema does not have."""

import json

import pytest
from django.http import HttpResponse, JsonResponse

from tests.conftest import _checker
from tests.openapi_check import Checker

TOKEN = {"id": 1, "name": "API", "created": "2026-01-01T00:00:00Z", "expiry": None, "last_used_at": None}


@pytest.fixture
def checker(db):
    """Its own checker over the session's schema: these made-up answers are not counted with the real ones."""
    return Checker(_checker().schema)


def answer(status, body):
    return JsonResponse(body, status=status, safe=False)


def test_a_declared_answer_passes_and_is_counted(checker):
    before = checker.checked
    checker.check("GET", "/api/v1/auth/tokens/1/", answer(200, {**TOKEN, "is_expired": False}))
    checker.check(
        "GET", "/api/v1/auth/tokens/1/", answer(404, {"code": "not_found", "detail": "x", "fields": {}})
    )
    assert checker.checked == before + 2


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (418, {}, "status 418 is not declared"),
        (200, TOKEN, "at $: 'is_expired' is a required property"),
        (200, {**TOKEN, "is_expired": None}, "at $.is_expired: None is not of type 'boolean'"),
        (200, {**TOKEN, "is_expired": False, "secret": "x"}, "'secret' was unexpected"),
        (404, {"code": "not_found"}, "'detail' is a required property"),
    ],
)
def test_an_answer_the_schema_does_not_say_fails_naming_the_operation_and_the_place(
    checker, status, body, message
):
    with pytest.raises(AssertionError) as failure:
        checker.check("GET", "/api/v1/auth/tokens/7/", answer(status, body))
    text = str(failure.value)
    assert "operation v1_auth_tokens_retrieve, GET /api/v1/auth/tokens/{id}/" in text
    assert message in text


def test_a_path_or_method_the_schema_does_not_have_answers_404_or_405_in_the_error_shape(checker):
    error = {"code": "x", "detail": "x", "fields": {}}
    checker.check("GET", "/api/v1/nowhere/", answer(404, error))
    checker.check("GET", "/api/v1/auth/logout-everywhere/", answer(405, error))
    with pytest.raises(AssertionError, match="the answer must be 404"):
        checker.check("GET", "/api/v1/nowhere/", answer(200, {}))
    with pytest.raises(AssertionError, match="the body is not JSON"):
        checker.check("GET", "/api/v1/nowhere/", HttpResponse(b"<html>", status=404))
    with pytest.raises(AssertionError, match="'fields' is a required property"):
        checker.check("GET", "/api/v1/nowhere/", answer(404, {"code": "x", "detail": json.dumps("x")}))
