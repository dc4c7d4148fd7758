"""Writes of accounts: API tokens, sessions, lockouts and second factors; each audited."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cmcoord import notifications
from cmcoord.models import Notification, Operation, User
from cmcoord.services import audit_record

from .models import ApiToken

RECOVERY_CODE_COUNT = 10


# API tokens


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new named token for the user; returns the row and the token, which is never shown again."""
    token, raw = ApiToken.objects.create(user=user, expiry=settings.API_TOKEN_TTL, name=name.strip()[:100])
    audit_record(actor=user, operation=None, obj=user, verb="api_token.created", data={"name": token.name})
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User) -> None:
    """Delete one of the actor's own tokens: it stops working at once."""
    audit_record(
        actor=actor, operation=None, obj=token.user, verb="api_token.revoked", data={"name": token.name}
    )
    token.delete()


@transaction.atomic
def logout_everywhere(*, user: User) -> None:
    """End every session and revoke every API token of the user."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    count, _details = ApiToken.objects.filter(user=user).delete()
    audit_record(
        actor=user, operation=None, obj=user, verb="account.logout_everywhere", data={"tokens": count}
    )


@transaction.atomic
def deactivated_user_tokens_revoke(*, user: User) -> int:
    """A deactivated user keeps no API token (authentication refuses them anyway)."""
    count, _details = ApiToken.objects.filter(user=user).delete()
    return count


# Lockouts (django-axes keeps the failed attempts)


@transaction.atomic
def lockout_lift(*, actor: User, target: User, operation: Operation) -> int:
    """Forget the failed logins of the target so they may sign in again; returns how many records went."""
    count = axes_reset(username=target.get_username())
    audit_record(
        actor=actor, operation=operation, obj=target, verb="account.lockout_lifted", data={"records": count}
    )
    return count


def lockout_notify_owner(*, username: str, ip_address: str | None) -> None:
    """Tell the account's owner by email that their account is locked (after the failing request commits)."""
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None:
        return
    # One email per lock: a further attempt during the cooling-off is refused without another email.
    once = f"{settings.THROTTLE_KEY_PREFIX}lockout-mail:{user.pk}:{ip_address}"
    if not cache.add(once, 1, timeout=int(settings.AXES_COOLOFF_TIME.total_seconds())):
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Your cmcoord account is locked for %(minutes)s minutes") % {"minutes": minutes}
        body = _(
            "Hello %(name)s,\n\n"
            "%(limit)s wrong passwords in a row were entered for your account %(username)s, from the address "
            "%(ip)s, at %(when)s (UTC). To protect it, signing in from there is blocked for %(minutes)s "
            "minutes.\n\n"
            "If it was you, wait and try again, or ask a CMCoord officer of your operation to lift the lock. "
            "If it was not you, change your password once you are back in, and tell your CMCoord officer.\n\n"
            "— cmcoord"
        ) % {
            "name": user.get_full_name() or user.username,
            "limit": settings.AXES_FAILURE_LIMIT,
            "username": user.username,
            "ip": ip_address or "?",
            "when": timezone.now().strftime("%Y-%m-%d %H:%M"),
            "minutes": minutes,
        }
    # Through the outbox: kept and retried if the mail server is down.
    notifications.account_email_queue(user=user, kind=LOCKOUT_KIND, subject=subject, text=body, html="")


# Password reset: through the outbox like every email. The row keeps the text with a placeholder; the token
# is made when the email leaves (never stored, and valid from then).

PASSWORD_RESET_KIND = "account.password_reset"
LOCKOUT_KIND = "account.lockout"
TOKEN_PLACEHOLDER = "token-made-when-sent"


def password_reset_email_queue(*, user: User, subject: str, text: str, html: str) -> int | None:
    """Queue the password reset email of `user` (its link's token is a placeholder until it is sent); None
    when one still waits to be sent (it will carry a fresh link)."""
    return notifications.account_email_queue(
        user=user, kind=PASSWORD_RESET_KIND, subject=subject, text=text, html=html
    )


def password_reset_complete(row: Notification) -> tuple[str, str, str]:
    """The reset email as it leaves: the placeholder replaced by a token made now."""
    token = default_token_generator.make_token(row.recipient)
    return (
        row.subject,
        row.body_text.replace(TOKEN_PLACEHOLDER, token),
        row.body_html.replace(TOKEN_PLACEHOLDER, token),
    )


# Second factor (django-otp: a TOTP device and a static device holding the recovery codes)


def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator being set up (a fresh secret each time setup starts)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice) -> list[str]:
    """Make the authenticator the user's second factor; returns fresh recovery codes, shown once."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit_record(actor=user, operation=None, obj=user, verb="mfa.enrolled")
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for the user; the old ones stop working."""
    codes = _recovery_codes_replace(user)
    audit_record(actor=user, operation=None, obj=user, verb="mfa.recovery_codes_regenerated")
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def mfa_reset(*, actor: User, target: User, operation: Operation | None) -> None:
    """Remove the target's second factor (a lost device) and end their sessions: they enrol again."""
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    User.objects.filter(pk=target.pk).update(session_epoch=F("session_epoch") + 1)
    audit_record(actor=actor, operation=operation, obj=target, verb="mfa.reset")
