"""Security middleware: response headers (CSP and friends), the idle timeout, and the second factor gate."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from .policy import mfa_required
from .sessions import is_idle_expired, needs_touch, touch


def _tile_source() -> str:
    """The host of an operator's own tile server (MAP_TILE_URL), which the maps draw as images; a
    `{s}` subdomain placeholder becomes a wildcard."""
    url = urlsplit(getattr(settings, "MAP_TILE_URL", "") or "")
    if url.scheme not in ("http", "https") or not url.netloc:
        return ""
    host = url.netloc.replace("{s}", "*")
    return f" {url.scheme}://{host}"


def content_security_policy() -> str:
    """The one policy of every response: everything from our origin, nothing inline, nothing framed."""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:" + _tile_source(),
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


CSP = content_security_policy()
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "display-capture",
    )
)


class SecurityHeadersMiddleware:
    """CSP and Permissions-Policy on every response (Django sets Referrer-Policy and COOP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class IdleSessionMiddleware:
    """Ends a session left unused for SESSION_IDLE_TIMEOUT seconds; keeps a used one alive."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(SESSION_KEY) is not None:
            if is_idle_expired(session):
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, _("You were signed out after a time without activity."))
            elif needs_touch(session):
                touch(session)
        return self.get_response(request)


# Pages a signed-in user reaches before verifying their second factor.
MFA_EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/mfa/",
    "/accounts/password_reset/",
    "/accounts/reset/",
    "/static/",
    "/healthz",
    "/readyz",
)


def is_mfa_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


class MfaRequiredMiddleware:
    """A user whose role needs a second factor reaches nothing else until they have verified one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not is_mfa_verified(request)
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and mfa_required(user)
        ):
            return self._stop(request, user)
        return self.get_response(request)

    def _stop(self, request, user):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "mfa_required",
                    "detail": _("Verify your second factor in the web application first."),
                    "fields": {},
                },
                status=403,
            )
        from django_otp import devices_for_user

        enrolled = any(True for _device in devices_for_user(user, confirmed=True))
        target = "accounts:mfa-verify" if enrolled else "accounts:mfa-setup"
        response = redirect(target)
        if request.method == "GET":
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response


__all__ = ["SecurityHeadersMiddleware", "IdleSessionMiddleware", "MfaRequiredMiddleware", "settings"]
