"""Reads of accounts: one's tokens; an operation's people with their lockouts and second factor."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cmcoord.models import Membership, Notification, Operation, User

from .models import ApiToken


def tokens_for_user(user) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created", "-pk")


def get_token_for_user(user, pk) -> ApiToken:
    """One of the user's own tokens, or 404 (another person's token is not theirs to know of)."""
    try:
        return tokens_for_user(user).get(pk=int(pk))
    except (TypeError, ValueError, ApiToken.DoesNotExist):
        raise Http404("No such token.") from None


def is_locked(attempt: AccessAttempt, now=None) -> bool:
    now = now or timezone.now()
    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    return (
        attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT and attempt.attempt_time > now - cooloff
    )


BOUNCE_SHOWN_FOR = timedelta(days=30)


def people_security(operation: Operation) -> list[dict]:
    """Each member of the operation with their failed logins, whether they are locked, their second factor,
    and whether an email to them bounced (four queries whatever the number of people)."""
    memberships = list(
        Membership.objects.filter(operation=operation)
        .select_related("user", "user__organization")
        .order_by("user__last_name", "user__username")
    )
    usernames = [m.user.username for m in memberships]
    attempts: dict[str, list[AccessAttempt]] = {}
    for attempt in AccessAttempt.objects.filter(username__in=usernames).order_by("-attempt_time"):
        attempts.setdefault(attempt.username, []).append(attempt)
    enrolled = set(
        TOTPDevice.objects.filter(user__in=[m.user_id for m in memberships], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    # Whose email failed for good lately: refused by the mail server (a 5xx: fix the address), or given up
    # after days of a mail server refusing for a while. Officers see both.
    failed: dict[int, bool] = {}
    for recipient_id, was_bounced in Notification.objects.filter(
        recipient__in=[m.user_id for m in memberships],
        email_status=Notification.EmailStatus.FAILED,
        failed_at__gte=now - BOUNCE_SHOWN_FOR,
    ).values_list("recipient_id", "bounced"):
        failed[recipient_id] = failed.get(recipient_id, False) or was_bounced
    rows = []
    for membership in memberships:
        mine = attempts.get(membership.user.username, [])
        rows.append(
            {
                "membership": membership,
                "user": membership.user,
                "failures": sum(a.failures_since_start for a in mine),
                "locked": any(is_locked(a, now) for a in mine),
                "last_failure": mine[0].attempt_time if mine else None,
                "mfa_enrolled": membership.user_id in enrolled,
                "email_bounced": failed.get(membership.user_id, False),
                "email_undelivered": membership.user_id in failed,
            }
        )
    return rows


def get_member_for_officer(operation: Operation, pk) -> User:
    """A member of the operation (the officer acts on their account), or 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such person.") from None
    user = User.objects.filter(pk=pk, memberships__operation=operation).first()
    if user is None:
        raise Http404("No such person.")
    return user
