"""Every API error has one shape: {"code": str, "detail": str, "fields": {field: [messages]}}."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cmcoord.exceptions import DomainError

logger = logging.getLogger(__name__)
INVALID = _("The input is not valid.")


def _is_messages(value) -> bool:
    return isinstance(value, list) and all(isinstance(m, str) for m in value)


def _walk(detail, path: str, out: dict) -> None:
    # DRF nests errors as the data is nested: {"answers": [{}, {"criterion_version": ["…"]}]}. Each message
    # lands under its dotted path ("answers.1.criterion_version"), never as a Python repr of the structure.
    if isinstance(detail, dict):
        for key, value in detail.items():
            _walk(value, f"{path}.{key}" if path else str(key), out)
    elif _is_messages(detail):
        if detail:
            out.setdefault(path or "non_field_errors", []).extend(str(m) for m in detail)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, str):
                out.setdefault(path or "non_field_errors", []).append(str(value))
            else:
                _walk(value, f"{path}.{index}" if path else str(index), out)
    elif detail is not None:
        out.setdefault(path or "non_field_errors", []).append(str(detail))


def _flatten(detail) -> dict:
    """{"dotted.path": ["message", …]} from DRF's nested error detail."""
    out: dict[str, list[str]] = {}
    _walk(detail, "", out)
    return out


def error_response(code: str, detail: str, status_code: int, fields: dict | None = None) -> Response:
    return Response({"code": code, "detail": str(detail), "fields": fields or {}}, status=status_code)


CONFLICT = _("Someone else changed this meanwhile: nothing was done. Look again and retry.")


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return error_response(exc.code, str(exc.message), exc.status_code)
    if isinstance(exc, IntegrityError):
        # A rule of the database fired that the service's checks did not foresee (a race between two
        # writers): the transaction has rolled back, and the client may look again and retry.
        logger.warning("Integrity error answered as a conflict: %s", exc)
        return error_response("conflict", CONFLICT, status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return error_response("invalid", INVALID, status.HTTP_400_BAD_REQUEST, fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": str(INVALID),
            "fields": _flatten(exc.detail),
        }
        return response
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(detail, dict | list):
        response.data = {"code": "invalid", "detail": str(INVALID), "fields": _flatten(detail)}
    else:
        response.data = {
            "code": code if isinstance(code, str) else "error",
            "detail": str(detail),
            "fields": {},
        }
    return response
