"""The API's JSON parser: every malformed body is a 400 in the one error shape, never a 500.

Refused, each with its own code: a body that is not JSON or not UTF-8 (`invalid_json`), larger than
API_JSON_MAX_BYTES (`body_too_large`, 413), nested deeper than MAX_DEPTH (`too_deep`), holding a NUL character
anywhere (`nul_character`: PostgreSQL refuses it in text and JSONB), a text longer than any field takes
(`too_long`; each field has its own, smaller, limit), or not an object where the view reads an
object (`body_not_object`: an array, a string, a number or null). A view that takes a list at the top says so
with `json_list_actions` (e.g. the answers of an assessment).
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from cmcoord.limits import JSON_STRING_MAX_LENGTH

# Deep enough for every body the API takes (a request's legs are 3 levels), far from Python's recursion limit.
MAX_DEPTH = 20


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The body is too large.")
    default_code = "body_too_large"


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def check_value(data, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise ParseError if `data` (parsed JSON) is deeper than max_depth or holds a NUL character."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise ParseError(_("The body holds a NUL character."), code="nul_character")
            if len(value) > JSON_STRING_MAX_LENGTH:
                raise ParseError(
                    _("A text in the body is longer than %(count)d characters.")
                    % {"count": JSON_STRING_MAX_LENGTH},
                    code="too_long",
                )
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise ParseError(
                    _("The body is nested deeper than %(depth)d levels.") % {"depth": max_depth},
                    code="too_deep",
                )
            if isinstance(value, dict):
                stack.extend((key, depth) for key in value)
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = settings.API_JSON_MAX_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge()
        try:
            text = raw.decode(parser_context.get("encoding") or settings.DEFAULT_CHARSET)
            data = json.loads(text, parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError):
            raise ParseError(_("The body is not valid JSON."), code="invalid_json") from None
        except RecursionError:
            raise ParseError(
                _("The body is nested deeper than %(depth)d levels.") % {"depth": MAX_DEPTH}, code="too_deep"
            ) from None
        check_value(data)
        view = parser_context.get("view")
        takes_list = getattr(view, "action", None) in getattr(view, "json_list_actions", ())
        if not isinstance(data, dict) and not (takes_list and isinstance(data, list)):
            raise ParseError(_("The body must be a JSON object."), code="body_not_object")
        return data
