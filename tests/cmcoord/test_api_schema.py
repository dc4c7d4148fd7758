"""The OpenAPI schema documents what the middleware does (Idempotency-Key, 413, 422) and builds without a
warning (drf-spectacular's own check, as `manage.py spectacular --fail-on-warn --validate` runs it)."""

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture
def schema(db, tmp_path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn: any warning (an unresolvable serializer, a missing type hint) fails the build;
    # --validate: the result is checked against the OpenAPI 3 specification.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    return yaml.safe_load(out.read_text())


def test_every_api_post_documents_the_idempotency_key_and_its_422(schema):
    posts = {
        path: ops["post"]
        for path, ops in schema["paths"].items()
        if path.startswith("/api/") and "post" in ops
    }
    assert "/api/v1/requests/" in posts
    for path, post in posts.items():
        headers = [p for p in post["parameters"] if p["in"] == "header" and p["name"] == "Idempotency-Key"]
        assert len(headers) == 1, path
        assert headers[0]["required"] is False
        assert headers[0]["schema"]["maxLength"] == 255
        assert post["responses"]["422"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ApiError"
        }, path


def test_every_body_is_documented_to_answer_413_and_reads_no_header(schema):
    for path, ops in schema["paths"].items():
        for method in ("post", "put", "patch"):
            if method in ops:
                assert "body_too_large" in ops[method]["responses"]["413"]["description"], (path, method)
        if "get" in ops:
            names = [p["name"] for p in ops["get"].get("parameters", [])]
            assert "Idempotency-Key" not in names, path
            assert "413" not in ops["get"]["responses"], path


# The own types of a generated client (openapi-python-client: Response, File, Client; a browser's: Request,
# Response, Error, Event, Comment, Notification).
GENERIC_NAMES = {
    "Response",
    "Request",
    "Error",
    "Event",
    "Comment",
    "Notification",
    "Version",
    "File",
    "Client",
}
ERROR = {"$ref": "#/components/schemas/ApiError"}
WRITES = ("post", "put", "patch", "delete")


def api_operations(schema):
    for path, ops in schema["paths"].items():
        if path.startswith("/api/"):
            for method, op in ops.items():
                yield path, method, op


def test_every_body_is_json_but_the_file_uploads(schema):
    bodies = {
        (path, method): sorted(op["requestBody"]["content"])
        for path, method, op in api_operations(schema)
        if "requestBody" in op
    }
    # The file uploads: a map layer, a request's attachment, a CSV of contacts to import.
    for upload in (
        ("/api/v1/map/layers/", "post"),
        ("/api/v1/requests/{id}/attachments/", "post"),
        ("/api/v1/contact-imports/upload/", "post"),
    ):
        assert bodies.pop(upload) == ["multipart/form-data"], upload
    assert bodies and set(map(tuple, bodies.values())) == {("application/json",)}


def test_every_operation_declares_its_errors_in_the_one_shape(schema):
    for path, method, op in api_operations(schema):
        responses = op["responses"]
        expected = {"400", "403"}
        if op["security"]:
            expected |= {"401"}
        if "{" in path:
            expected |= {"404"}
        if method in WRITES:
            expected |= {"429"} | (set() if path.startswith("/api/v1/auth/") else {"409"})
        assert expected <= set(responses), (method, path, sorted(responses))
        for code, response in responses.items():
            if code.startswith("4"):
                assert response["content"]["application/json"]["schema"] == ERROR, (method, path, code)
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert token["security"] == [] and "401" not in token["responses"]


def test_detail_actions_read_no_list_filter_and_the_decisions_list_reads_its_request(schema):
    def names(path, method="get"):
        return [p["name"] for p in schema["paths"][path][method].get("parameters", [])]

    for action in ("assessment", "comments", "events"):
        assert names(f"/api/v1/requests/{{id}}/{action}/") == ["id"], action
    assert names("/api/v1/requests/{id}/comments/", "post") == ["id", "Idempotency-Key"]
    assert "status" in names("/api/v1/requests/")
    assert "request" in names("/api/v1/decisions/")
    assert "unread" in names("/api/v1/notifications/")


def test_no_component_has_a_name_a_generated_client_uses_for_its_own_types(schema):
    components = schema["components"]["schemas"]
    assert not GENERIC_NAMES & set(components)
    assert {"HctResponse", "ApiError", "AssistanceRequest", "RequestEvent", "UserNotification"} <= set(
        components
    )


def test_what_is_sent_null_is_nullable_and_every_nested_object_is_typed(schema):
    components = schema["components"]["schemas"]

    def prop(component, name):
        return components[component]["properties"][name]

    for component, name in (
        ("Decision", "on_behalf_of"),
        ("Guideline", "operation"),
        ("Guideline", "supersedes"),
        ("Me", "organization"),
        ("MilitaryTask", "approval"),
        ("Platform", "chair"),
    ):
        assert prop(component, name).get("nullable") is True, (component, name)
    assert prop("MilitaryTask", "approval")["allOf"] == [{"$ref": "#/components/schemas/MilitaryApproval"}]
    assert prop("Platform", "chair")["allOf"] == [{"$ref": "#/components/schemas/ContactRef"}]
    assert prop("GuidelineDetail", "criteria")["items"] == {"$ref": "#/components/schemas/Criterion"}
    assert prop("GuidelineDetail", "versions")["items"] == {"$ref": "#/components/schemas/GuidelineRef"}
    for component, name in (
        ("Decision", "conditions"),
        ("MilitaryApproval", "conditions"),
        ("Referral", "proposed_conditions"),
    ):
        assert prop(component, name) == {"type": "array", "items": {"type": "string"}, "readOnly": True}
    free_form = [
        (component, name)
        for component, body in components.items()
        for name, field in body.get("properties", {}).items()
        if field.get("type") == "object" and "properties" not in field and "additionalProperties" not in field
    ]
    assert free_form == []


def test_a_military_reader_has_its_own_contact_component(schema):
    components = schema["components"]["schemas"]
    military, contact = components["ContactForMilitary"], components["Contact"]
    personal = {"notes", "sharing", "user"}
    assert personal <= set(contact["required"])
    assert not personal & set(military["properties"])
    assert military["additionalProperties"] is False
    either = {
        "oneOf": [
            {"$ref": "#/components/schemas/Contact"},
            {"$ref": "#/components/schemas/ContactForMilitary"},
        ]
    }
    assert components["ContactForReader"] == either
    detail = schema["paths"]["/api/v1/contacts/{id}/"]["get"]["responses"]["200"]
    assert detail["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ContactForReader"
    }


def test_missing_or_bad_credentials_answer_401_naming_the_token_scheme(schema):
    """Every operation that needs credentials, called without them or with a bad token: 401 and
    WWW-Authenticate: Token (the answers are checked against the schema as every other)."""
    from rest_framework.test import APIClient

    called = 0
    for path, method, op in api_operations(schema):
        if not op["security"]:
            continue
        url = path.replace("{fmt}", "geojson")
        for parameter in op.get("parameters", []):
            if parameter["in"] == "path":
                value = parameter["schema"].get("enum", ["1"])[0]
                url = url.replace("{" + parameter["name"] + "}", str(value))
        for credentials in ({}, {"HTTP_AUTHORIZATION": "Token not-a-token"}):
            response = getattr(APIClient(), method)(url, **credentials)
            assert response.status_code == 401, (method, url, credentials, response.status_code)
            assert response["WWW-Authenticate"] == "Token", (method, url)
            called += 1
    assert called > 150
