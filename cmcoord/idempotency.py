"""`Idempotency-Key` on the API's POSTs: a retry with the same key gets the first answer, never a second act.

A client that sent a POST and never saw the answer (a timeout, a dropped connection, a 500 after the commit)
sends it again with the same header. The whole request runs in one transaction with the key's row, so:
- the action committed  <=> its key is stored: a retry gets the stored answer (header Idempotent-Replayed);
- the action failed or did not commit: nothing is stored, and a retry acts (once);
- two requests with the same key at once: the second waits for the first (an advisory lock), then replays.
Only successful answers (2xx) are stored; keys are scoped to the credentials that sent them and kept 24 h.
The same key with another body or path is refused (422 idempotency_key_reused).
"""

import hashlib
from datetime import timedelta

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEPT = timedelta(hours=24)
MAX_KEY_LENGTH = 255


def _scope(request) -> str | None:
    authorization = request.META.get("HTTP_AUTHORIZATION")
    if authorization:
        return hashlib.sha256(f"auth:{authorization}".encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return hashlib.sha256(f"user:{user.pk}".encode()).hexdigest()
    return None


def _error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail, "fields": {}}, status=status)


def _lock(scope: str, key: str) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite (make run) writes one transaction at a time anyway
    digest = hashlib.sha256(f"{scope}:{key}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)])


def _replay(row: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(row.content, status=row.status_code, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if request.method != "POST" or not request.path.startswith("/api/") or key is None:
            return self.get_response(request)
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            return _error(
                "invalid_idempotency_key",
                gettext("The Idempotency-Key header must have 1 to %(count)d characters.")
                % {"count": MAX_KEY_LENGTH},
                400,
            )
        scope = _scope(request)
        if scope is None:
            return self.get_response(request)  # nobody to keep it for
        body_hash = hashlib.sha256(request.path.encode() + b"\0" + request.body).hexdigest()
        with transaction.atomic():
            _lock(scope, key)
            now = timezone.now()
            found = IdempotencyKey.objects.filter(scope=scope, key=key).first()
            if found is not None and found.created_at < now - KEPT:
                found.delete()
                found = None
            if found is not None:
                if found.body_hash != body_hash:
                    return _error(
                        "idempotency_key_reused",
                        gettext("This Idempotency-Key was already used for another request."),
                        422,
                    )
                return _replay(found)
            response = self.get_response(request)
            if not 200 <= response.status_code < 300 or getattr(response, "streaming", False):
                if response.status_code >= 500:
                    transaction.set_rollback(True)  # whatever the action wrote, it did not happen
                return response
            IdempotencyKey.objects.create(
                scope=scope,
                key=key,
                method=request.method,
                path=request.path[:500],
                body_hash=body_hash,
                status_code=response.status_code,
                content_type=response.get("Content-Type", "application/json"),
                content=response.content.decode(response.charset or "utf-8"),
                created_at=now,
            )
        return response


def purge(*, now=None) -> int:
    """Forget the keys older than 24 hours; returns how many."""
    cutoff = (now or timezone.now()) - KEPT
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
