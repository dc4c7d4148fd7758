"""Notifications: everyone hears what concerns them, once, and nothing is lost.

An app tells people of an event with ONE call, inside the transaction of the event (after audit_record):

    notify(
        kind="request.submitted",                 # registered with register_kind() in the app's ready()
        recipients=officers,                      # computed now, from memberships and roles
        operation=request.operation,
        context={"request": request},             # what the templates may show
        link=reverse("requests:detail", args=[request.pk]),
        dedupe_key=f"audit:{event.pk}",           # names the event: nobody is told of it twice
    )

The caller answers for what each recipient may see:
- recipients are computed at send time from memberships and roles; a military liaison officer is only ever a
  recipient of their own force's tasks (never of requests, HCT deliberations or another force's tasks);
- the context carries only what every recipient of this call may see. When audiences differ (e.g. the HCT and
  the military), call notify() once per audience, each with its own context and its own dedupe key.

Each recipient gets one row, which is both their inbox item and the outbox row of the email. Its text is
rendered now, in the recipient's language (their language activated while the one set of templates
templates/notifications/<kind>/{subject.txt,body.txt,body.html} is rendered). After commit a Celery task is
enqueued per row to be emailed now; if the broker is down the action still succeeds and the periodic sweep
enqueues the row later. The task (deliver) locks the row, sends only from queued/retry, retries transient
failures with backoff, and records the last error.
"""

import hashlib
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import redis.exceptions
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Min, QuerySet
from django.http import Http404
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import KombuError

from . import timezones
from .audit import audit_record
from .models import (
    Membership,
    Notification,
    NotificationChannel,
    NotificationPreference,
    Operation,
    Organization,
    Role,
    User,
)

logger = logging.getLogger(__name__)

Status = Notification.EmailStatus

# A fresh row gets this long for its own on-commit enqueue before the sweep treats it as left behind.
SWEEP_GRACE = timedelta(minutes=1)
# A row the sweep enqueued is not enqueued again before this, so a long queue is not flooded with repeats.
REQUEUE_AFTER = timedelta(minutes=5)
# How long a worker may hold a row in "sending" (well above EMAIL_TIMEOUT) before the sweep deems it dead.
SENDING_LEASE = timedelta(minutes=10)
SWEEP_BATCH = 2000
# A row handed to the broker is marked (in Redis) until a worker starts its delivery: the sweep leaves a
# marked row alone, so a long queue of emails is not filled with repeats. A mark older than this is deemed
# lost (the broker lost its queue) and the row is enqueued again.
QUEUED_MARK = "outbox:queued:{}"
QUEUED_MARK_SECONDS = 3600
# What a publish raises when Redis is unreachable (kombu wraps most, not all, of them).
DELIVER_TASK = "cmcoord.tasks.deliver_notification"
BROKER_ERRORS = (KombuError, OSError, redis.exceptions.RedisError)


# Kinds of event. Each app registers its kinds in its AppConfig.ready(); the preferences page lists them.


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    in_app_only: bool = False


_kinds: dict[str, Kind] = {}


def register_kind(key: str, label: str, *, in_app_only: bool = False) -> None:
    """Declare a kind of event (its templates live in templates/notifications/<key>/; label: gettext_lazy).

    An in-app-only kind is never emailed, whatever the person chose (nobody chooses: it is not on the
    preferences page)."""
    _kinds[key] = Kind(key=key, label=label, in_app_only=in_app_only)


def kinds() -> list[Kind]:
    """Every kind a person chooses how to hear of (the in-app-only ones are not a choice), by label."""
    return sorted((k for k in _kinds.values() if not k.in_app_only), key=lambda k: str(k.label))


MEMBERSHIP_GRANTED = "membership.granted"
register_kind(MEMBERSHIP_GRANTED, _("You are given a role in an operation"))
# An email given up for good (a bounce, or the age limit). In the app only: an alert about a mail relay that
# fails must not itself wait on that relay (nor fail, and alert again).
EMAIL_GIVEN_UP = "email.given_up"
register_kind(EMAIL_GIVEN_UP, _("An email to a person was given up"), in_app_only=True)


# Writing the rows.


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path.startswith("/") else path


def _render_plain(name: str, context: dict) -> str:
    # Plain text is not HTML: "Médecins & co" must not become "Médecins &amp; co".
    return get_template(name).template.render(Context(context, autoescape=False))


def render(*, kind: str, language: str, context: dict) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one notification in one language, its times in the operation's zone."""
    folder = f"notifications/{kind}"
    with translation.override(language), timezone.override(timezones.of_operation(context.get("operation"))):
        subject = _render_plain(f"{folder}/subject.txt", context)
        text = _render_plain(f"{folder}/body.txt", context)
        html = render_to_string(f"{folder}/body.html", context)
    return " ".join(subject.split())[:250], text.strip() + "\n", html


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    operation: Operation | None,
    context: dict,
    link: str,
    dedupe_key: str,
    actor: User | None = None,
) -> list[int]:
    """Tell each recipient of one event, in the transaction of the event; returns the rows' primary keys.

    The person who acted (`actor`) is never told of their own action, in the app or by email."""
    if kind not in _kinds:
        raise ValueError(f"Unknown notification kind {kind!r}: register it with register_kind().")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() belongs inside the transaction of the event it tells of.")
    actor_pk = actor.pk if actor is not None else None
    people = {user.pk: user for user in recipients if user.is_active and user.pk != actor_pk}
    if not people:
        return []
    channels = dict(
        NotificationPreference.objects.filter(user__in=list(people), kind=kind).values_list(
            "user_id", "channel"
        )
    )
    now = timezone.now()
    rows = []
    for user in people.values():
        channel = channels.get(user.pk, NotificationChannel.EMAIL_NOW)
        if _kinds[kind].in_app_only:
            channel = NotificationChannel.IN_APP_ONLY
        status, error = {
            NotificationChannel.EMAIL_NOW: (Status.QUEUED, ""),
            NotificationChannel.DAILY_DIGEST: (Status.DIGEST, ""),
            NotificationChannel.IN_APP_ONLY: (Status.SKIPPED, ""),
        }[channel]
        if not user.email and status != Status.SKIPPED:
            status, error = Status.SKIPPED, "The recipient has no email address."
        language = user.language or settings.LANGUAGE_CODE
        full_context = {
            "recipient": user,
            "operation": operation,
            "link": link,
            "url": absolute_url(link),
            "site_url": settings.SITE_URL,
            **context,
        }
        subject, text, html = render(kind=kind, language=language, context=full_context)
        rows.append(
            Notification(
                recipient=user,
                operation=operation,
                kind=kind,
                dedupe_key=dedupe_key,
                language=language,
                subject=subject,
                body_text=text,
                body_html=html,
                link=link,
                email_status=status,
                last_error=error,
                next_attempt_at=now + SWEEP_GRACE if status == Status.QUEUED else None,
                created_at=now,
            )
        )
    # A row already there for (recipient, dedupe_key) is that person already told of this event: kept as is.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    found = list(
        Notification.objects.filter(recipient_id__in=list(people), dedupe_key=dedupe_key).values_list(
            "pk", "email_status"
        )
    )
    queued = [pk for pk, status in found if status == Status.QUEUED]
    if queued:
        # robust: whatever happens while enqueueing, the user's action has committed and stands.
        transaction.on_commit(lambda: enqueue(queued), robust=True)
    return [pk for pk, _ in found]


def enqueue(pks: list[int]) -> int:
    """Hand rows to the workers; when the broker is down, leave them to the sweep. Returns how many went."""
    # By name: the task module imports this one (cmcoord.apps imports it, so the task is registered).
    deliver = current_app.signature(DELIVER_TASK)
    # Marked before the publish: the worker (or an eager run, inside apply_async) unmarks when it starts.
    mark_queued(pks)
    for done, pk in enumerate(pks):
        try:
            deliver.clone(args=(pk,)).apply_async(retry=False)
        except BROKER_ERRORS as exc:
            logger.warning(
                "Broker unreachable: %d notification(s) wait for the sweep (%s)", len(pks) - done, exc
            )
            _unmark_many(pks[done:])
            return done
    return len(pks)


def mark_queued(pks: list[int]) -> None:
    """Mark rows whose delivery task waits in the broker (the sweep leaves them alone)."""
    if not pks:
        return
    try:
        cache.set_many({QUEUED_MARK.format(pk): 1 for pk in pks}, timeout=QUEUED_MARK_SECONDS)
    except Exception as exc:  # no mark: at worst the sweep enqueues the row again, and the status check holds
        logger.warning("Could not mark %d notification(s) as queued: %s", len(pks), exc)


def _still_queued(pks: list[int]) -> set[int]:
    """Of these rows, those whose delivery task waits in the broker (marked, not yet started)."""
    if not pks:
        return set()
    try:
        marks = cache.get_many([QUEUED_MARK.format(pk) for pk in pks])
    except Exception:
        return set()
    return {pk for pk in pks if QUEUED_MARK.format(pk) in marks}


def _unmark(pk: int) -> None:
    _unmark_many([pk])


def _unmark_many(pks: list[int]) -> None:
    try:
        cache.delete_many([QUEUED_MARK.format(pk) for pk in pks])
    except Exception as exc:
        logger.warning("Could not unmark %d notification(s): %s", len(pks), exc)


# Emails of the account itself (a password reset): an outbox row like any other, never in the inbox.

ACCOUNT_KIND_PREFIX = "account."
# kind -> what completes a row's text at the moment it is sent (e.g. a password reset link, whose token is
# made then and is never stored).
_completers: dict[str, Callable[[Notification], tuple[str, str, str]]] = {}


def register_completer(kind: str, complete: Callable[[Notification], tuple[str, str, str]]) -> None:
    """At delivery, rows of `kind` are sent as complete(row) says: (subject, text, HTML)."""
    if not kind.startswith(ACCOUNT_KIND_PREFIX):
        raise ValueError("Only emails of the account are completed at delivery.")
    _completers[kind] = complete


def account_email_queue(*, user: User, kind: str, subject: str, text: str, html: str) -> int | None:
    """Queue an email of the account (kind "account.…") through the outbox; None when one of this kind
    still waits for this person (it goes out with what is current when it is sent: one email, not twenty)."""
    if not kind.startswith(ACCOUNT_KIND_PREFIX):
        raise ValueError(f"Not an email of the account: {kind!r}.")
    if not user.email:
        return None
    now = timezone.now()
    with transaction.atomic():
        # The user's row lock makes two requests at once create one row.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if Notification.objects.filter(
            recipient=user, kind=kind, email_status__in=Notification.UNSENT
        ).exists():
            return None
        language = translation.get_language() or settings.LANGUAGE_CODE
        row = Notification.objects.create(
            recipient=user,
            operation=None,
            kind=kind,
            dedupe_key=f"{kind}:{uuid.uuid4().hex}",
            language=language if language in User.Language.values else settings.LANGUAGE_CODE,
            subject=" ".join(subject.split())[:250],
            body_text=text,
            body_html=html,
            email_status=Status.QUEUED,
            next_attempt_at=now + SWEEP_GRACE,
            read_at=now,  # never in the inbox, never unread
            created_at=now,
        )
        transaction.on_commit(lambda: enqueue([row.pk]), robust=True)
    return row.pk


# Delivering one row (the Celery task deliver_notification calls this).


class PermanentFailure(Exception):
    """Sending again would fail the same way (no address, address refused)."""


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, PermanentFailure):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def backoff_seconds(attempts: int) -> int:
    """Seconds before the next attempt after `attempts` failures: 1, 2, 4, 8, 16 minutes… at most
    NOTIFICATION_RETRY_MAX_SECONDS (30 minutes)."""
    step = settings.NOTIFICATION_RETRY_BACKOFF_SECONDS * 2 ** min(max(attempts - 1, 0), 30)
    return min(step, settings.NOTIFICATION_RETRY_MAX_SECONDS)


def message_id(notification: Notification) -> str:
    """The email's Message-ID, the same at every attempt: a repeat after a worker's death (the lease ran out
    after the mail left) is folded by the receiving servers and clients."""
    key = hashlib.sha256(f"{notification.recipient_id}:{notification.dedupe_key}".encode()).hexdigest()[:24]
    domain = urlsplit(settings.SITE_URL).hostname or "cmcoord.localhost"
    return f"<notification.{notification.pk}.{key}@{domain}>"


def _too_old(notification: Notification, now) -> bool:
    return notification.created_at <= now - settings.NOTIFICATION_MAX_AGE


def _email(*, to: str, subject: str, text: str, html: str, headers: dict, connection=None) -> None:
    if not to:
        raise PermanentFailure("The recipient has no email address.")
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", **headers},
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    if connection is not None:
        # Opened here, not by send(): a connection that send() opens, send() closes again after one message.
        # (Already open: nothing happens.)
        connection.open()
    message.send(fail_silently=False)


def _session_survives(exc: Exception) -> bool:
    """After this error, is the SMTP session still good for the next message? (A refused recipient or message
    is answered on a live session, which smtplib resets; a lost or closing connection is not.)"""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code != 421


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception as exc:  # the session is dead already; the next message opens a new one
        logger.info("Closing the SMTP connection failed: %s", exc)


def _claim(pk: int, batch: int) -> list[Notification]:
    """Lock and mark "sending" the row `pk` (if it still waits) and, with it, up to batch - 1 other rows
    queued for their first attempt; the row `pk` first, or nothing when it no longer waits."""
    with transaction.atomic():
        # The status check under the row lock is what makes a second delivery of the same row do nothing;
        # skip_locked: a row another worker holds is theirs.
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=pk, email_status__in=(Status.QUEUED, Status.RETRY))
            .first()
        )
        if notification is None:
            return []
        rows = [notification]
        if batch > 1:
            # Only first attempts: a row waiting to retry keeps its backoff. Their own tasks, still in the
            # broker, find them sent (or retrying) and do nothing more than a status check.
            rows += list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(email_status=Status.QUEUED, attempts=0)
                .exclude(pk=pk)
                .order_by("next_attempt_at", "pk")[: batch - 1]
            )
        # Each message of the batch may take up to EMAIL_TIMEOUT: the lease covers the whole batch.
        lease = (
            timezone.now()
            + SENDING_LEASE
            + timedelta(seconds=(settings.EMAIL_TIMEOUT or 20) * (len(rows) - 1))
        )
        for row in rows:
            row.email_status = Status.SENDING
            row.attempts += 1
            row.next_attempt_at = lease
        Notification.objects.bulk_update(rows, ["email_status", "attempts", "next_attempt_at"])
    return rows


def _release(rows: list[Notification]) -> None:
    """Give back rows claimed for a batch and not attempted: as they were, for their own tasks."""
    for row in rows:
        Notification.objects.filter(pk=row.pk, email_status=Status.SENDING).update(
            email_status=Status.QUEUED,
            attempts=row.attempts - 1,
            next_attempt_at=timezone.now() + SWEEP_GRACE,
        )


def _send_one(notification: Notification, connection) -> tuple[bool, int | None]:
    """Send one claimed row over `connection` and record the outcome: (whether the relay failed transiently,
    the seconds until its retry is due or None)."""
    subject, text, html = notification.subject, notification.body_text, notification.body_html
    try:
        complete = _completers.get(notification.kind)
        if complete is not None:
            subject, text, html = complete(notification)
        _email(
            to=notification.recipient.email,
            subject=subject,
            text=text,
            html=html,
            headers={"X-cmcoord-Notification": str(notification.pk), "Message-ID": message_id(notification)},
            connection=connection,
        )
    except Exception as exc:
        if not _session_survives(exc):
            _close_quietly(connection)
        return not _is_permanent(exc), _record_failure(notification, exc)
    Notification.objects.filter(pk=notification.pk, email_status__in=(Status.SENDING, Status.RETRY)).update(
        email_status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None
    )
    return False, None


def deliver(*, pk: int, batch: int = 1) -> int | None:
    """Email one notification if it still waits; returns the seconds until its retry is due, else None.

    With batch > 1, up to batch - 1 other rows queued for their first attempt go over the same SMTP
    connection, each with its own status, error, backoff and Message-ID; the first transient failure (the
    relay struggles) ends the batch, and the rows not yet attempted are given back to their own tasks."""
    _unmark(pk)
    rows = _claim(pk, batch)
    if not rows:
        return None
    # Sent outside the transaction: no row lock or open transaction is held while SMTP talks; the committed
    # "sending" status keeps every other delivery away.
    connection = get_connection(fail_silently=False)
    retry_in = None
    try:
        for index, row in enumerate(rows):
            transient, delay = _send_one(row, connection)
            if row.pk == pk:
                retry_in = delay
            if transient:
                _release(rows[index + 1 :])
                break
    finally:
        _close_quietly(connection)
    return retry_in


def _record_failure(notification: Notification, exc: Exception) -> int | None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    now = timezone.now()
    permanent = _is_permanent(exc)
    if permanent or _too_old(notification, now):
        # Operators read it in the log and on /readyz (mail_failed); officers on the people page.
        logger.error(
            "Notification %s failed for good after %d attempt(s)%s: %s",
            notification.pk,
            notification.attempts,
            " (the address was refused)" if permanent else " (too old to retry)",
            error,
        )
        with transaction.atomic():
            failed = Notification.objects.filter(pk=notification.pk, email_status=Status.SENDING).update(
                email_status=Status.FAILED,
                last_error=error,
                next_attempt_at=None,
                failed_at=now,
                bounced=permanent,
            )
            if failed:
                notification.last_error = error
                _alert_safely(notification=notification, bounced=permanent, now=now)
        return None
    delay = backoff_seconds(notification.attempts)
    logger.warning(
        "Notification %s: attempt %d failed, retry in %ds: %s",
        notification.pk,
        notification.attempts,
        delay,
        error,
    )
    Notification.objects.filter(pk=notification.pk, email_status=Status.SENDING).update(
        email_status=Status.RETRY, last_error=error, next_attempt_at=now + timedelta(seconds=delay)
    )
    return delay


# Telling people that an email was given up.


def _given_up_audiences(notification: Notification) -> list[tuple[list[User], str]]:
    """Who is told that this row's email was given up, each audience with the link it may open: the CMCoord
    officers of its operation (the people page shows whose email failed); without an operation, or when it has
    no officer, the operations managers and the technical staff (the admin lists the failed emails)."""
    if notification.operation_id is not None:
        officers = [
            m.user
            for m in Membership.objects.filter(
                operation_id=notification.operation_id, role=Role.CMCOORD_OFFICER, user__is_active=True
            ).select_related("user")
        ]
        if officers:
            return [(officers, reverse("accounts:people"))]
    managers = User.objects.filter(is_active=True, is_operations_manager=True).exclude(
        organization__type__in=Organization.MILITARY_TYPES
    )
    staff = User.objects.filter(is_active=True, is_staff=True)
    return [
        (list(staff), reverse("admin:cmcoord_notification_changelist") + "?email_status__exact=failed"),
        (list(managers), ""),
    ]


def alert_given_up(*, notification: Notification, bounced: bool, now=None) -> list[int]:
    """In the transaction that fails a row for good: tell its officers (or the operators) whose email was
    given up and why, in the app only; at most once a day per person whose email failed, per recipient."""
    kind = _kinds.get(notification.kind)
    if kind is not None and kind.in_app_only:
        return []  # never emailed; cannot happen, and must never loop
    now = now or timezone.now()
    person = notification.recipient
    context = {
        "person": person,
        "email": person.email,
        "bounced": bounced,
        "error": notification.last_error[:300],
        "hours": round(settings.NOTIFICATION_MAX_AGE.total_seconds() / 3600),
        "given_up_operation": notification.operation,
    }
    pks: list[int] = []
    for recipients, link in _given_up_audiences(notification):
        pks += notify(
            kind=EMAIL_GIVEN_UP,
            recipients=recipients,
            operation=notification.operation,
            context=context,
            link=link,
            dedupe_key=f"{EMAIL_GIVEN_UP}:{person.pk}:{now.date().isoformat()}",
        )
    return pks


def _alert_safely(*, notification: Notification, bounced: bool, now) -> None:
    """The alert in a savepoint: if telling the officers fails, the row fails all the same (logged)."""
    try:
        with transaction.atomic():
            alert_given_up(notification=notification, bounced=bounced, now=now)
    except Exception:
        logger.exception("Could not tell anyone that notification %s was given up", notification.pk)


# The periodic sweep: rows left behind (the broker was down, a worker died) are enqueued again.


def sweep(*, now=None) -> int:
    """Enqueue the rows whose delivery is due or overdue; returns how many were handed to the broker."""
    now = now or timezone.now()
    with transaction.atomic():
        # A lease ran out: the worker died while sending. Sending again may, rarely, repeat an email that left
        # just before the crash; leaving it unsent would lose it for good, which is worse.
        expired = Notification.objects.filter(email_status=Status.SENDING, next_attempt_at__lte=now)
        too_old = list(
            expired.filter(created_at__lte=now - settings.NOTIFICATION_MAX_AGE)
            .select_related("recipient", "operation")
            .select_for_update(skip_locked=True, of=("self",))
        )
        Notification.objects.filter(pk__in=[n.pk for n in too_old], email_status=Status.SENDING).update(
            email_status=Status.FAILED,
            next_attempt_at=None,
            failed_at=now,
            last_error="The worker stopped while sending.",
        )
        for notification in too_old:
            notification.last_error = "The worker stopped while sending."
            _alert_safely(notification=notification, bounced=False, now=now)
        expired.update(email_status=Status.RETRY, last_error="The worker stopped while sending.")
        due = list(
            Notification.objects.filter(
                email_status__in=(Status.QUEUED, Status.RETRY), next_attempt_at__lte=now
            )
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        Notification.objects.filter(pk__in=due, email_status__in=(Status.QUEUED, Status.RETRY)).update(
            next_attempt_at=now + REQUEUE_AFTER
        )
    # A row whose task still waits in the broker (behind other emails) is not enqueued a second time.
    waiting = _still_queued(due)
    due = [pk for pk in due if pk not in waiting]
    if due or waiting:
        logger.info("Sweep: %d notification(s) to enqueue, %d still queued", len(due), len(waiting))
    return enqueue(due) if due else 0


# The daily digest: one email per person with what they chose to receive that way.


def digest_recipients() -> list[int]:
    """Primary keys of the users with notifications waiting for the digest."""
    return list(
        Notification.objects.filter(email_status=Status.DIGEST)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def send_digest(*, user_pk: int) -> int:
    """Email one user the notifications waiting for their digest; returns how many it carried."""
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id=user_pk, email_status=Status.DIGEST)
            .select_related("operation")
            .order_by("created_at", "pk")
        )
        if not items:
            return 0
        pks = [n.pk for n in items]
        Notification.objects.filter(pk__in=pks).update(
            email_status=Status.SENDING, next_attempt_at=timezone.now() + SENDING_LEASE
        )
    user = User.objects.get(pk=user_pk)
    language = user.language or settings.LANGUAGE_CODE
    context = {"recipient": user, "items": items, "site_url": settings.SITE_URL}
    for item in items:
        item.url = absolute_url(item.link) if item.link else ""
    subject, text, html = render(kind="digest", language=language, context=context)
    try:
        _email(to=user.email, subject=subject, text=text, html=html, headers={})
    except Exception as exc:
        logger.warning("Digest for user %s failed: %s", user_pk, exc)
        Notification.objects.filter(pk__in=pks, email_status=Status.SENDING).update(
            email_status=Status.DIGEST, next_attempt_at=None, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return 0
    Notification.objects.filter(pk__in=pks, email_status=Status.SENDING).update(
        email_status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None
    )
    return len(items)


# Operators.


def notification_retry(*, notification: Notification, actor: User | None) -> bool:
    """Send a failed or stuck notification again (the admin's action); False if it is neither."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.email_status not in (Status.FAILED, Status.RETRY, Status.QUEUED):
            return False
        old = locked.email_status
        locked.email_status = Status.RETRY
        locked.next_attempt_at = timezone.now() + REQUEUE_AFTER
        locked.save(update_fields=["email_status", "next_attempt_at"])
        audit_record(
            actor=actor,
            operation=locked.operation,
            obj=locked,
            verb="notification.retry",
            from_state=old,
            to_state=Status.RETRY,
            allow_closed=True,  # re-sending what was already said writes nothing new in the operation
        )
        transaction.on_commit(lambda: enqueue([locked.pk]), robust=True)
    return True


def health_check() -> dict:
    """For /healthz: how long the oldest notification still to be emailed has waited (None when none)."""
    oldest = Notification.objects.filter(email_status__in=Notification.UNSENT).aggregate(m=Min("created_at"))[
        "m"
    ]
    age = None if oldest is None else max(0, round((timezone.now() - oldest).total_seconds()))
    return {"oldest_unsent_notification_age_seconds": age}


# The inbox: reads.


def notifications_for_user(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first, with their operations."""
    return (
        Notification.objects.filter(recipient=user)
        .exclude(kind__startswith=ACCOUNT_KIND_PREFIX)
        .select_related("operation")
        .order_by("-created_at", "-pk")
    )


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one query, on a partial index)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def get_notification_for_user(user, pk) -> Notification:
    """The user's notification, or 404 (someone else's is not theirs to know of)."""
    try:
        return notifications_for_user(user).get(pk=int(pk))
    except (Notification.DoesNotExist, TypeError, ValueError):
        raise Http404("No such notification.") from None


def channels_for_user(user) -> dict[str, str]:
    """{kind: channel} for every registered kind, email now where the user chose nothing."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {k.key: chosen.get(k.key, NotificationChannel.EMAIL_NOW) for k in kinds()}


# The inbox: writes.


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark one of the user's notifications read (reading it twice keeps the first time)."""
    if notification.recipient_id != user.pk:
        raise Http404("No such notification.")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user: User, channels: dict[str, str], language: str | None) -> None:
    """Save how the user hears of each kind of event, and the language they read it in (None: unchanged)."""
    valid = {c.value for c in NotificationChannel}
    for kind, channel in channels.items():
        if kind not in _kinds or _kinds[kind].in_app_only or channel not in valid:
            raise ValueError(f"Unknown kind or channel: {kind!r} {channel!r}")
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})
    if language is None:
        return
    if language not in User.Language.values:
        raise ValueError(f"Unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
