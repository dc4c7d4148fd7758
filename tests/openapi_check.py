"""Every API response the tests receive is checked against the OpenAPI schema the server publishes.

tests/conftest.py wraps the test client (Django's Client and DRF's APIClient alike): each response to a
path under /api/v1/ is matched to its operation in drf-spectacular's schema (generated once per session),
its status must be one the operation declares, and its JSON body must match the declared schema for that
status. A path or method the schema does not have must answer 404 or 405 in the one error shape. The count
of responses checked is printed at the end of the session (pytest_terminal_summary).

The schema is OpenAPI 3.0; its schema objects are turned into JSON Schema (draft 4) for jsonschema: `nullable`
becomes "or null", and an object with declared properties takes no other property (a field the schema does not
declare would be invisible to a generated client, so it fails here).
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import jsonschema

API_PREFIX = "/api/v1/"
# jsonschema's own format checks, and "uri", whose checker needs a library we do not install: a URI has a
# scheme (an empty text is not one, so a blank URL field matches only the blank branch of its oneOf).
FORMATS = jsonschema.FormatChecker()
FORMATS.checks("uri")(lambda value: not isinstance(value, str) or bool(urlsplit(value).scheme))
ERROR_COMPONENT = "ApiError"
# Keywords of the OpenAPI schema object that JSON Schema does not know or that say nothing about validity.
DROPPED = {
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "example",
    "xml",
    "externalDocs",
    "deprecated",
}


def to_json_schema(node):
    """An OpenAPI 3.0 schema object as JSON Schema (draft 4)."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in DROPPED:
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(schema) for name, schema in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "oneOf", "anyOf"):
            out[key] = to_json_schema(value)
        else:
            out[key] = value
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


@dataclass
class Operation:
    method: str
    template: str
    pattern: re.Pattern
    params: int
    spec: dict


@dataclass
class Checker:
    schema: dict
    operations: list[Operation] = field(default_factory=list)
    validators: dict = field(default_factory=dict)
    checked: int = 0
    by_operation: dict = field(default_factory=dict)
    unrouted: int = 0

    def __post_init__(self):
        self.components = {
            name: to_json_schema(schema)
            for name, schema in self.schema.get("components", {}).get("schemas", {}).items()
        }
        for template, methods in self.schema["paths"].items():
            regex = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
            for method, spec in methods.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    self.operations.append(
                        Operation(method, template, re.compile(regex), template.count("{"), spec)
                    )
        # A literal path (/assets/summary/) before a template that would also match it (/assets/{id}/).
        self.operations.sort(key=lambda op: op.params)

    def validator(self, key, schema):
        if key not in self.validators:
            root = {"components": {"schemas": self.components}, "allOf": [to_json_schema(schema)]}
            self.validators[key] = jsonschema.Draft4Validator(root, format_checker=FORMATS)
        return self.validators[key]

    def find(self, method: str, path: str) -> tuple[Operation | None, bool]:
        """The operation, and whether the path exists at all (for another method). The most literal path
        that matches is the one (/notifications/read-all/, not /notifications/{id}/)."""
        template = next((op.template for op in self.operations if op.pattern.match(path)), None)
        for op in self.operations:
            if op.template == template and op.method == method:
                return op, True
        return None, template is not None

    def check(self, method: str, path: str, response) -> None:
        method = method.lower()
        if method in ("head", "options"):
            return
        status = str(response.status_code)
        op, path_known = self.find(method, path)
        where = f"{method.upper()} {path} answered {status}"
        error = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
        if op is None or status == "500":
            # No operation (another method of a known path: 405, after the credentials are checked; an
            # unknown path: 404), or a server error, which no operation declares: the one error shape.
            # A path id the id converter refuses (abc, 0, -1, past bigint) is also a 404 at the resolver.
            expected = {"401", "403", "404", "405"} if path_known else {"404"}
            allowed = " or ".join(sorted(expected))
            assert op is not None or status in expected | {"500"}, (
                f"{where}: no such operation in the schema: the answer must be {allowed}"
            )
            self._check_body(where, response, error, key=None)
            self.unrouted += 1
            self.checked += 1
            return
        where = f"{where} (operation {op.spec.get('operationId')}, {op.method.upper()} {op.template})"
        responses = op.spec.get("responses", {})
        declared = responses.get(status) or responses.get("default")
        assert declared is not None, (
            f"{where}: status {status} is not declared (declared: {', '.join(sorted(responses))}); "
            f"body: {response.content[:300]!r}"
        )
        content = declared.get("content") or {}
        media = (response.get("Content-Type") or "").split(";")[0].strip()
        body = b"" if getattr(response, "streaming", False) else response.content
        if not content:
            assert not body, (
                f"{where}: the schema declares no body for {status}, but one came: {body[:300]!r}"
            )
        else:
            # A declared range (*/*, image/*) takes any type of it: a file sent as itself.
            declared_as = next((m for m in (media, media.split("/")[0] + "/*", "*/*") if m in content), None)
            assert declared_as is not None, (
                f"{where}: content type {media!r} is not declared for {status} "
                f"(declared: {', '.join(content)})"
            )
            schema = content[declared_as].get("schema")
            is_file = schema == {"type": "string", "format": "binary"}
            if (
                schema is not None
                and not is_file
                and (media == "application/json" or media.endswith("+json"))
            ):
                self._check_body(where, response, schema, key=(op.method, op.template, status, media))
        self.checked += 1
        name = op.spec.get("operationId")
        self.by_operation[name] = self.by_operation.get(name, 0) + 1

    def _check_body(self, where, response, schema, key):
        try:
            data = json.loads(response.content)
        except ValueError:
            raise AssertionError(f"{where}: the body is not JSON: {response.content[:300]!r}") from None
        validator = self.validator(key, schema)
        errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), e.json_path))
        if errors:
            described = "\n".join(
                f"  at {e.json_path}: {e.message[:400]}" for top in errors[:8] for e in _leaves(top)
            )
            ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
            raise AssertionError(
                f"{where}: the body does not match the schema {ref or schema}:\n{described}\n"
                f"body: {json.dumps(data)[:1500]}"
            )


def _leaves(error):
    """The innermost errors of a oneOf/anyOf, which say what is wrong (not just "matches none")."""
    if not error.context:
        return [error]
    deepest = max(len(e.absolute_path) for e in error.context)
    inner = [e for e in error.context if len(e.absolute_path) == deepest]
    return [error, *inner[:6]]
