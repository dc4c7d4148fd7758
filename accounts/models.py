"""Named, hashed, expiring API tokens (django-rest-knox's swappable token model)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager
from knox.settings import CONSTANTS


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        """Tokens that have not expired."""
        return self.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))


class ApiToken(AbstractAuthToken):
    """One device's key to the API. Only the SHA-512 digest is stored; the token is shown once."""

    # The digest stays unique but is not the primary key: the owner lists and revokes tokens by a plain id.
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(
        _("name"), max_length=100, help_text=_('The device, e.g. "laptop" or "sync script".')
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = AuthTokenManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [
            # The owner's list of tokens: WHERE user_id = %s ORDER BY created DESC.
            models.Index(fields=["user", "-created"], name="apitoken_owner_list"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key[:8]}…)"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()
