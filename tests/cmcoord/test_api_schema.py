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
            "$ref": "#/components/schemas/Error"
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
