"""Under /api/ every answer that is an error is JSON in the one shape, including 404, 405 and 500."""

import pytest
from django.http import HttpResponse
from django.urls import include, path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient

from cmcoord.api.errors import _flatten
from guidelines.selectors import criteria_for_operation
from tests.requests.conftest import make_request as make_request_fixture

make_request = make_request_fixture

SHAPE = {"code", "detail", "fields"}


def boom(request):
    raise RuntimeError("boom")


@api_view(["GET"])
@permission_classes([AllowAny])
def api_boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/boom/", boom),
    path("api/v1/drf-boom/", api_boom),
    path("page-boom/", lambda request: HttpResponse(status=500)),
    path("", include("cmcoord.urls")),
]
handler404 = "cmcoord.views.page_not_found"
handler500 = "cmcoord.views.server_error"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here/",
        "/api/nothing/",
        "/api/v1/requests/999999999/x/",
        "/api/v1/guidelines/1.5e-38/",  # once a 500 (found by schemathesis)
        "/api/v1/contacts/E/",
    ],
)
def test_an_unknown_api_path_is_a_json_404(cast, api_for, path):
    response = api_for(cast.requester).get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == SHAPE and response.json()["code"] == "not_found"


def test_an_unknown_page_is_still_a_page(cast, client_for):
    response = client_for(cast.requester).get("/nothing-here/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


def test_a_wrong_method_is_a_json_405(cast, api_for):
    response = api_for(cast.requester).delete("/api/v1/me/")

    assert response.status_code == 405
    assert set(response.json()) == SHAPE and response.json()["code"] == "method_not_allowed"


@pytest.mark.urls("tests.accounts.test_api_errors")
@pytest.mark.parametrize("path", ["/api/v1/boom/", "/api/v1/drf-boom/"])
def test_a_server_error_is_json(db, path):
    client = APIClient(raise_request_exception=False)
    response = client.get(path)

    assert response.status_code == 500
    assert set(response.json()) == SHAPE and response.json()["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_nested_errors_are_dotted_paths_never_a_repr():
    detail = [
        {},
        {"criterion_version": ["Invalid pk."], "answer": ["Not a valid choice."]},
    ]
    assert _flatten(detail) == {
        "1.criterion_version": ["Invalid pk."],
        "1.answer": ["Not a valid choice."],
    }
    assert _flatten({"answers": detail, "title": ["Required."]}) == {
        "answers.1.criterion_version": ["Invalid pk."],
        "answers.1.answer": ["Not a valid choice."],
        "title": ["Required."],
    }
    assert _flatten({"legs": {"non_field_errors": ["Give at least one leg."]}}) == {
        "legs.non_field_errors": ["Give at least one leg."]
    }


def test_a_list_body_with_a_bad_item_gets_structured_fields(cast, api_for, make_request):
    rfa = make_request()
    version = criteria_for_operation(rfa.operation)[0]
    body = [
        {"criterion_version": version.pk, "answer": "met", "justification": "No civilian helicopter."},
        {"criterion_version": 999999999, "answer": "perhaps", "justification": "x"},
    ]

    response = api_for(cast.officer).post(f"/api/v1/requests/{rfa.pk}/assessment/", body, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"1.criterion_version", "1.answer"}
    assert all(isinstance(m, str) and "{" not in m for messages in fields.values() for m in messages)
