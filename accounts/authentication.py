"""API token authentication: knox's hashed tokens, refused once expired or once their owner is deactivated."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions

# How stale "last used" may get before a request writes it again (one write per token per interval at most).
LAST_USED_PRECISION = timedelta(minutes=5)


class ApiTokenAuthentication(TokenAuthentication):
    def _cleanup_token(self, auth_token) -> bool:
        # An expired token is simply not a key any more; it stays listed (as expired) until its owner
        # deletes it, and no request pays for sweeping the owner's other tokens.
        return auth_token.expiry is not None and auth_token.expiry <= timezone.now()

    def validate_user(self, auth_token):
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if auth_token.last_used_at is None or now - auth_token.last_used_at > LAST_USED_PRECISION:
            type(auth_token).objects.filter(pk=auth_token.pk).update(last_used_at=now)
        return (auth_token.user, auth_token)
