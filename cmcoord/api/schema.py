"""What the OpenAPI schema says beyond each view's own declaration: the one error shape (`ApiError`) and
the errors every operation may answer, the Idempotency-Key header of the POSTs (cmcoord/idempotency.py) and
the 413 of a body over the upload promise (cmcoord/middleware.py).

The errors are declared by rule (document_errors), from what answers them for every view alike:
- 400: a NUL character in the address or query (cmcoord/middleware.py), a bad filter, an invalid body;
- 401: no credentials, or a bad or expired token (header `WWW-Authenticate: Token`);
- 403: a role that may not do this, a session without its CSRF token or its second factor;
- 404: an object the user may not see (an id in the path, in the query, or in the body of a write);
- 409: a write refused by the state tables or by a concurrent change (cmcoord.exceptions.DomainError);
- 415: a body that is not JSON (multipart where a file is uploaded);
- 429: too many writes, or token requests (accounts/throttles.py).
tests/openapi_check.py checks every answer of the API tests against the result.
"""

from rest_framework import serializers

from ..idempotency import HEADER, MAX_KEY_LENGTH

BODY_METHODS = ("post", "put", "patch")
WRITE_METHODS = ("post", "put", "patch", "delete")
ERROR_NAME = "ApiError"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_NAME}"}


class ApiErrorSerializer(serializers.Serializer):
    """Every error of the API, 404, 405 and 500 included."""

    code = serializers.CharField(help_text="Machine-readable, e.g. invalid, not_found, concurrent_change.")
    detail = serializers.CharField(help_text="For people, in the user's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='The messages of each invalid field, by its dotted path ("legs.0.from_lat"); else empty.',
    )


# The one error shape of every endpoint (cmcoord/api/errors.py), for @extend_schema(responses={400: ERROR}).
ERROR = ApiErrorSerializer

# The same, for a schema whose views never named it (the hooks below point at it).
ERROR_COMPONENT = {
    "type": "object",
    "description": "Every error of the API, 404, 405 and 500 included.",
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["code", "detail", "fields"],
}

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

DESCRIPTIONS = {
    "400": "Invalid input: {code: invalid, fields: {path: [messages]}}, or a malformed body or query.",
    "401": "No credentials, or a bad or expired token (header WWW-Authenticate: Token).",
    "403": "Your role may not do this, or your session lacks its CSRF token or its second factor.",
    "404": "No such object, or you may not see it.",
    "409": "Refused by the state of the object, or someone changed it meanwhile: nothing changed.",
    "415": "The body is not JSON (multipart/form-data only where a file is uploaded).",
    "429": "Too many requests: wait the seconds of the Retry-After header.",
}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": dict(ERROR_REF)}}}


def _authenticated(operation: dict) -> bool:
    return any(requirement for requirement in operation.get("security", [{}]))


def _reads_an_id(path: str, method: str, operation: dict) -> bool:
    query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    return "{" in path or bool(query & {"operation", "request"}) or method in WRITE_METHODS


def _errors_of(path: str, method: str, operation: dict) -> list[str]:
    codes = ["400"]
    if _authenticated(operation):
        codes.append("401")
    codes.append("403")
    if _reads_an_id(path, method, operation) and _authenticated(operation):
        codes.append("404")
    if method in WRITE_METHODS and not path.startswith("/api/v1/auth/"):
        codes.append("409")
    if "requestBody" in operation:
        codes.append("415")
    if method in WRITE_METHODS:
        codes.append("429")
    return codes


def document_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: every API operation declares the errors it may answer, each in
    the one error shape; an error a view declared without a body gets the shape too."""
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(ERROR_NAME, ERROR_COMPONENT)
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            if operation.get("security") == [{}]:
                # No credentials at all (the token endpoint): said as OpenAPI says it, so a generated client
                # calls it without a token.
                operation["security"] = []
            responses = operation.setdefault("responses", {})
            for code in _errors_of(path, method, operation):
                responses.setdefault(code, _error_response(DESCRIPTIONS[code]))
            for code, response in responses.items():
                if code.startswith(("4", "5")) and not response.get("content"):
                    response["content"] = {"application/json": {"schema": dict(ERROR_REF)}}
            operation["responses"] = dict(sorted(responses.items()))
    return result


def document_middleware(result, generator, request, public):
    """drf-spectacular post-processing hook: every POST takes the Idempotency-Key header and may answer 422;
    every POST, PUT and PATCH may answer 413 (body_too_large)."""
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(ERROR_NAME, ERROR_COMPONENT)
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
