"""The OpenAPI schema says what the middleware in front of every view does: the Idempotency-Key header of the
POSTs (cmcoord/idempotency.py) and the 413 of a body over the upload promise (cmcoord/middleware.py)."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from ..idempotency import HEADER, MAX_KEY_LENGTH

# The one error shape of every endpoint (cmcoord/api/errors.py), for @extend_schema(responses={400: ERROR}).
ERROR = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)

BODY_METHODS = ("post", "put", "patch")
ERROR_REF = {"$ref": "#/components/schemas/Error"}

IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": (
        "Optional. A key of your choosing (e.g. a UUID) naming this one action: a retry with the same key "
        "and the same body gets the first answer again (header Idempotent-Replayed: true) instead of acting "
        "twice. Only successful answers are kept, for 24 hours, per credentials. The same key with another "
        "body or path: 422 idempotency_key_reused; an empty or over-long key: 400 invalid_idempotency_key."
    ),
}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def document_middleware(result, generator, request, public):
    """drf-spectacular post-processing hook: every POST takes the Idempotency-Key header and may answer 422;
    every POST, PUT and PATCH may answer 413 (body_too_large)."""
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result  # the error shape is not in this schema: nothing to point at
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            if method not in BODY_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "413", _error_response("The body is larger than the API accepts: {code: body_too_large}.")
            )
            if method != "post":
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("in") == "header" and p.get("name") == HEADER for p in parameters):
                parameters.append(dict(IDEMPOTENCY_PARAMETER))
            responses.setdefault(
                "422",
                _error_response(
                    "This Idempotency-Key was already used for another request: "
                    "{code: idempotency_key_reused}."
                ),
            )
    return result
