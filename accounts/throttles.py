"""DRF throttles: the token endpoint per client address, writes per user. Counts live in the cache."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from .clientip import client_ip


class _Prefixed:
    def get_rate(self):
        # The rates as set now (DRF reads them once, at import): settings and tests may change them.
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        # Only a trusted proxy's X-Forwarded-For is believed (DRF's own NUM_PROXIES logic is not used).
        return client_ip(request._request if hasattr(request, "_request") else request)

    def get_cache_key(self, request, view):
        key = super().get_cache_key(request, view)
        return None if key is None else f"{settings.THROTTLE_KEY_PREFIX}{key}"


class AuthRateThrottle(_Prefixed, SimpleRateThrottle):
    """Token requests per client address."""

    scope = "auth"

    def get_cache_key(self, request, view):
        key = self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return f"{settings.THROTTLE_KEY_PREFIX}{key}"


class WriteRateThrottle(_Prefixed, UserRateThrottle):
    """Writes (POST, PUT, PATCH, DELETE) per user; reads are not counted."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
