"""Notifications without a worker: rows written with the event, rendering, channels, delivery rules.

Delivery here runs in-process (eager, as in `make run`); tests/cmcoord/test_notifications_worker.py runs the
same paths through a real Celery worker and Redis.
"""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cmcoord import notifications
from cmcoord.celery import app
from cmcoord.models import (
    AuditEvent,
    Membership,
    Notification,
    NotificationChannel,
    NotificationPreference,
    Role,
)
from cmcoord.services import membership_set
from tests.factories import UserFactory

Status = Notification.EmailStatus


def newcomer(cast, username="newcomer", language="en", org=None):
    return UserFactory(
        username=username,
        first_name="Amina",
        last_name="Diallo",
        organization=org or cast.unicef,
        language=language,
    )


def test_a_membership_grant_writes_one_notification_for_that_user_in_the_same_transaction(cast):
    user = newcomer(cast)

    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    row = Notification.objects.get()
    assert row.recipient == user
    assert row.operation == cast.operation
    assert row.kind == "membership.granted"
    assert row.email_status == Status.QUEUED
    assert row.subject == "You now hold the role Observer in Cyclone response — Mozambique"
    assert "You now hold the role Observer in the operation Cyclone response — Mozambique." in row.body_text
    assert f"http://127.0.0.1:8000/operations/{cast.operation.pk}/" in row.body_text
    assert "<strong>Observer</strong>" in row.body_html
    assert row.link == f"/operations/{cast.operation.pk}/"
    event = AuditEvent.objects.get(verb="membership.set", object_id=str(Membership.objects.get(user=user).pk))
    assert row.dedupe_key == f"audit:{event.pk}"


def test_the_email_goes_out_after_commit_in_the_recipients_language(cast, django_capture_on_commit_callbacks):
    user = newcomer(cast, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        membership_set(operation=cast.operation, user=user, role=Role.HCT_MEMBER, actor=cast.officer)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    assert email.subject == (
        "Vous avez désormais le rôle Membre de la HCT dans Cyclone response — Mozambique"
    )
    assert "Bonjour Amina Diallo," in email.body
    assert "Vous avez désormais le rôle Membre de la HCT dans l’opération" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr" dir="ltr">' in html
    assert "Voir l’opération" in html
    row = Notification.objects.get()
    assert row.email_status == Status.SENT
    assert row.sent_at is not None
    assert row.attempts == 1


def test_the_text_carries_only_the_operation_and_the_role(cast, django_capture_on_commit_callbacks):
    soldier = newcomer(cast, username="soldier", org=cast.force)

    with django_capture_on_commit_callbacks(execute=True):
        membership_set(operation=cast.operation, user=soldier, role=Role.MILITARY_LIAISON, actor=cast.officer)

    email = mail.outbox[0]
    for text in (email.subject, email.body, email.alternatives[0][0]):
        assert "Military liaison officer" in text
        # Not who made the change, nor who else takes part, nor any other operation.
        for other in (cast.officer, cast.requester, cast.hc, cast.liaison_other_force, cast.other_officer):
            assert other.last_name not in text
            assert other.get_full_name() not in text
        assert cast.other_operation.name not in text
        assert "OCHA" not in text


def test_an_unchanged_role_tells_nobody_and_a_changed_role_tells_again(cast):
    user = newcomer(cast)
    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
    assert Notification.objects.count() == 1

    membership_set(operation=cast.operation, user=user, role=Role.REQUESTER, actor=cast.officer)
    rows = list(Notification.objects.order_by("pk"))
    assert len(rows) == 2
    assert rows[1].subject == "You now hold the role Humanitarian requester in Cyclone response — Mozambique"
    assert "It replaces the role you held before." in rows[1].body_text


def test_the_same_event_never_notifies_a_person_twice(cast):
    user = newcomer(cast)
    with transaction.atomic():
        for _ in range(3):
            notifications.notify(
                kind="membership.granted",
                recipients=[user, user],
                operation=cast.operation,
                context={"role": "observer", "role_label": "Observer", "previous_role": ""},
                link="/",
                dedupe_key="event:1",
            )
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_refused_membership_notifies_nobody(cast, django_capture_on_commit_callbacks):
    soldier = newcomer(cast, username="soldier", org=cast.force)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        membership_set(operation=cast.operation, user=soldier, role=Role.HCT_MEMBER, actor=cast.officer)

    assert not Notification.objects.exists()
    assert not Membership.objects.filter(user=soldier).exists()
    assert mail.outbox == []


def test_a_rolled_back_action_leaves_no_row_and_sends_nothing(cast, django_capture_on_commit_callbacks):
    user = newcomer(cast)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
        raise RuntimeError("the rest of the action failed")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_notify_refuses_an_unknown_kind(cast):
    with pytest.raises(ValueError, match="Unknown notification kind"), transaction.atomic():
        notifications.notify(
            kind="no.such.kind", recipients=[cast.hc], operation=None, context={}, link="", dedupe_key="x"
        )


@pytest.mark.django_db(transaction=True)
def test_notify_outside_the_transaction_of_an_event_is_refused():
    user = UserFactory(username="lonely")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        notifications.notify(
            kind="membership.granted", recipients=[user], operation=None, context={}, link="", dedupe_key="x"
        )
    assert not Notification.objects.exists()


def test_channels_in_app_only_and_daily_digest_send_nothing_now(cast, django_capture_on_commit_callbacks):
    quiet = newcomer(cast, username="quiet")
    digest = newcomer(cast, username="digester")
    NotificationPreference.objects.create(user=quiet, kind="membership.granted", channel="in_app_only")
    NotificationPreference.objects.create(user=digest, kind="membership.granted", channel="daily_digest")

    with django_capture_on_commit_callbacks(execute=True):
        membership_set(operation=cast.operation, user=quiet, role=Role.OBSERVER, actor=cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        membership_set(operation=cast.operation, user=digest, role=Role.OBSERVER, actor=cast.officer)

    assert mail.outbox == []
    assert Notification.objects.get(recipient=quiet).email_status == Status.SKIPPED
    assert Notification.objects.get(recipient=digest).email_status == Status.DIGEST


def test_a_recipient_without_email_gets_the_inbox_item_only(cast, django_capture_on_commit_callbacks):
    user = newcomer(cast)
    user.email = ""
    user.save()

    with django_capture_on_commit_callbacks(execute=True):
        membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    row = Notification.objects.get()
    assert row.email_status == Status.SKIPPED
    assert row.last_error == "The recipient has no email address."
    assert mail.outbox == []


def test_an_inactive_user_is_not_notified(cast):
    user = newcomer(cast)
    user.is_active = False
    user.save()

    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    assert not Notification.objects.exists()


def test_the_daily_digest_sends_one_email_per_user_in_their_language_and_marks_the_rows(cast):
    user = newcomer(cast, language="fr")
    NotificationPreference.objects.create(user=user, kind="membership.granted", channel="daily_digest")
    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
    membership_set(operation=cast.operation, user=user, role=Role.REQUESTER, actor=cast.officer)
    other = newcomer(cast, username="other")
    membership_set(operation=cast.operation, user=other, role=Role.OBSERVER, actor=cast.officer)

    sent = app.tasks["cmcoord.tasks.send_daily_digests"].apply().get()

    assert sent == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    assert email.subject == "Votre résumé quotidien cmcoord : 2 notifications"
    assert "Vous avez désormais le rôle Observateur dans Cyclone response — Mozambique" in email.body
    assert (
        "Vous avez désormais le rôle Demandeur humanitaire dans Cyclone response — Mozambique" in email.body
    )
    assert set(Notification.objects.filter(recipient=user).values_list("email_status", flat=True)) == {"sent"}
    assert Notification.objects.get(recipient=other).email_status == Status.QUEUED

    assert app.tasks["cmcoord.tasks.send_daily_digests"].apply().get() == 0
    assert len(mail.outbox) == 1


def test_a_failed_digest_keeps_its_items_for_the_next_one(cast, flaky_smtp):
    user = newcomer(cast)
    NotificationPreference.objects.create(user=user, kind="membership.granted", channel="daily_digest")
    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
    flaky_smtp.failures = 1

    assert notifications.send_digest(user_pk=user.pk) == 0
    row = Notification.objects.get()
    assert row.email_status == Status.DIGEST
    assert "SMTPServerDisconnected" in row.last_error

    assert notifications.send_digest(user_pk=user.pk) == 1
    assert len(mail.outbox) == 1


# Delivery rules, called directly (the task is a thin shell around deliver()).


def queued_row(cast, username="newcomer"):
    user = newcomer(cast, username=username)
    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
    return Notification.objects.get(recipient=user)


def test_deliver_twice_sends_one_email(cast):
    row = queued_row(cast)

    assert notifications.deliver(pk=row.pk) is None
    assert notifications.deliver(pk=row.pk) is None

    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.email_status == Status.SENT
    assert row.attempts == 1


def test_a_transient_failure_is_recorded_and_retried_with_backoff_then_sent(cast, flaky_smtp, settings):
    settings.NOTIFICATION_RETRY_BACKOFF_SECONDS = 60
    row = queued_row(cast)
    flaky_smtp.failures = 2

    first = notifications.deliver(pk=row.pk)
    row.refresh_from_db()
    assert first == 60
    assert row.email_status == Status.RETRY
    assert row.attempts == 1
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)

    assert notifications.deliver(pk=row.pk) == 120
    assert notifications.deliver(pk=row.pk) is None

    row.refresh_from_db()
    assert row.email_status == Status.SENT
    assert row.attempts == 3
    assert len(mail.outbox) == 1


def test_a_refused_address_fails_at_once(cast, flaky_smtp):
    row = queued_row(cast)
    flaky_smtp.failures = 1
    flaky_smtp.error = smtplib.SMTPRecipientsRefused({row.recipient.email: (550, b"No such user")})

    assert notifications.deliver(pk=row.pk) is None

    row.refresh_from_db()
    assert row.email_status == Status.FAILED
    assert "SMTPRecipientsRefused" in row.last_error
    assert mail.outbox == []


def test_a_refused_address_is_marked_bounced_with_the_time_it_failed(cast, flaky_smtp):
    row = queued_row(cast)
    flaky_smtp.failures = 1
    flaky_smtp.error = smtplib.SMTPDataError(554, b"Message refused")

    assert notifications.deliver(pk=row.pk) is None

    row.refresh_from_db()
    assert (row.email_status, row.bounced) == (Status.FAILED, True)
    assert row.failed_at is not None


def test_transient_failures_keep_retrying_past_the_old_budget_at_most_every_30_minutes(cast, flaky_smtp):
    row = queued_row(cast)
    flaky_smtp.failures = 20  # the old budget gave up after 6
    flaky_smtp.error = smtplib.SMTPDataError(451, b"Try again later")

    delays = [notifications.deliver(pk=row.pk) for _ in range(20)]

    assert delays[:6] == [60, 120, 240, 480, 960, 1800]
    assert set(delays[6:]) == {1800}
    row.refresh_from_db()
    assert (row.email_status, row.attempts) == (Status.RETRY, 20)
    assert notifications.deliver(pk=row.pk) is None  # the relay recovered
    row.refresh_from_db()
    assert row.email_status == Status.SENT
    assert len(mail.outbox) == 1


def test_a_transient_failure_is_given_up_only_past_the_age_limit(cast, flaky_smtp, settings):
    settings.NOTIFICATION_MAX_AGE = timedelta(days=3)
    young, old = queued_row(cast, "young"), queued_row(cast, "old")
    Notification.objects.filter(pk=young.pk).update(created_at=timezone.now() - timedelta(days=2, hours=23))
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3, minutes=1))
    flaky_smtp.failures = 2
    flaky_smtp.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    assert notifications.deliver(pk=young.pk) == 60
    assert notifications.deliver(pk=old.pk) is None

    young.refresh_from_db()
    old.refresh_from_db()
    assert young.email_status == Status.RETRY
    assert (old.email_status, old.bounced) == (Status.FAILED, False)
    assert old.failed_at is not None


def test_every_attempt_carries_the_same_message_id_from_the_notification_key(cast, flaky_smtp):
    row = queued_row(cast)
    flaky_smtp.failures = 0
    notifications.deliver(pk=row.pk)
    Notification.objects.filter(pk=row.pk).update(email_status=Status.RETRY)  # as after a worker's death
    notifications.deliver(pk=row.pk)

    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.message()["Message-ID"] == notifications.message_id(row)
    assert first.message()["Message-ID"].startswith(f"<notification.{row.pk}.")


def test_the_sweep_leaves_alone_a_row_whose_task_still_waits_in_the_broker(cast):
    waiting, lost = queued_row(cast, "waiting"), queued_row(cast, "lost")
    Notification.objects.filter(pk__in=[waiting.pk, lost.pk]).update(
        next_attempt_at=timezone.now() - timedelta(minutes=2)
    )
    notifications.mark_queued([waiting.pk])

    assert notifications.sweep() == 1

    assert [m.to for m in mail.outbox] == [[lost.recipient.email]]
    # Its worker starts it: the mark goes, and a later sweep takes it if it is still due.
    notifications._unmark(waiting.pk)
    assert notifications.sweep(now=timezone.now() + timedelta(minutes=10)) == 1
    assert len(mail.outbox) == 2


def test_the_sweep_enqueues_only_rows_left_behind(cast, django_capture_on_commit_callbacks):
    fresh = queued_row(cast, "fresh")
    old = queued_row(cast, "old")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(minutes=3),
        next_attempt_at=timezone.now() - timedelta(minutes=2),
    )

    assert notifications.sweep() == 1

    assert [m.to for m in mail.outbox] == [[old.recipient.email]]
    fresh.refresh_from_db()
    assert fresh.email_status == Status.QUEUED
    # A minute later, the fresh one's own enqueue is deemed lost too.
    assert notifications.sweep(now=timezone.now() + timedelta(minutes=2)) == 1
    assert len(mail.outbox) == 2


def test_the_sweep_takes_back_a_row_whose_worker_died_while_sending(cast):
    row = queued_row(cast)
    Notification.objects.filter(pk=row.pk).update(
        email_status=Status.SENDING, attempts=1, next_attempt_at=timezone.now() - timedelta(seconds=1)
    )

    assert notifications.sweep() == 1

    row.refresh_from_db()
    assert row.email_status == Status.SENT
    assert row.attempts == 2
    assert row.last_error == "The worker stopped while sending."
    assert len(mail.outbox) == 1


def test_a_row_being_sent_is_left_alone_by_the_sweep_and_by_a_second_delivery(cast):
    row = queued_row(cast)
    Notification.objects.filter(pk=row.pk).update(
        email_status=Status.SENDING, attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=5)
    )

    assert notifications.sweep(now=timezone.now() + timedelta(minutes=2)) == 0
    assert notifications.deliver(pk=row.pk) is None
    assert mail.outbox == []


def test_readiness_reports_the_age_of_the_oldest_unsent_notification(cast, client):
    assert client.get("/readyz").json()["checks"]["mail_queued"]["oldest_age_seconds"] is None
    row = queued_row(cast)
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(seconds=300))
    sent = queued_row(cast, "sent")
    notifications.deliver(pk=sent.pk)

    check = client.get("/readyz").json()["checks"]["mail_queued"]

    assert check["ok"] is True
    assert 299 <= check["oldest_age_seconds"] <= 310


def test_the_beat_schedule_names_only_tasks_that_exist(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {"notifications-sweep", "notifications-daily-digest"} <= set(schedule)
    # What a worker does at start: import every app's tasks module (autodiscovery is lazy).
    app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in app.tasks, entry["task"]
    assert schedule["notifications-sweep"]["schedule"] == 60.0


def test_make_run_delivers_in_process_to_the_mail_folder(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    # `make run`: no REDIS_URL, so tasks run eagerly, and the file backend writes var/mail.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    assert app.conf.task_always_eager
    user = newcomer(cast)

    with django_capture_on_commit_callbacks(execute=True):
        membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert "You now hold the role Observer" in content
    assert "text/html" in content
    assert Notification.objects.get().email_status == Status.SENT


def test_plain_text_is_not_html_escaped(cast, django_capture_on_commit_callbacks):
    cast.operation.name = "Floods — Lake Chad & O'Hare"
    cast.operation.save()
    user = newcomer(cast)

    with django_capture_on_commit_callbacks(execute=True):
        membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    email = mail.outbox[0]
    assert "Floods — Lake Chad & O'Hare" in email.subject
    assert "Floods — Lake Chad & O'Hare" in email.body
    assert "Lake Chad &amp; O&#x27;Hare" in email.alternatives[0][0]


def test_preferences_service_refuses_unknown_kinds_and_channels(cast):
    with pytest.raises(ValueError):
        notifications.notification_preferences_set(
            user=cast.hc, channels={"nope": "email_now"}, language="en"
        )
    with pytest.raises(ValueError):
        notifications.notification_preferences_set(
            user=cast.hc, channels={"membership.granted": "pigeon"}, language="en"
        )
    assert not NotificationPreference.objects.exists()
    notifications.notification_preferences_set(
        user=cast.hc, channels={"membership.granted": NotificationChannel.DAILY_DIGEST}, language="fr"
    )
    cast.hc.refresh_from_db()
    assert cast.hc.language == "fr"
    channels = notifications.channels_for_user(cast.hc)
    assert channels["membership.granted"] == "daily_digest"
    assert set(channels.values()) == {"daily_digest", "email_now"}
