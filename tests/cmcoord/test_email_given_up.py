"""An email given up for good (a 5xx bounce, or the age limit) is told, in the application only, to the
CMCoord officers of its operation, naming the person and the reason; at most once per person per day; the
operations managers and the technical staff hear of emails without an operation."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cmcoord import notifications
from cmcoord.models import Membership, Notification, NotificationChannel, NotificationPreference, Role
from cmcoord.services import membership_set
from tests.factories import UserFactory

Status = Notification.EmailStatus
GIVEN_UP = notifications.EMAIL_GIVEN_UP


def queued_row(cast, username="newcomer", operation=None):
    user = UserFactory(
        username=username, first_name="Amina", last_name=username.title(), organization=cast.unicef
    )
    membership_set(operation=operation or cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
    return Notification.objects.get(recipient=user)


def alerts():
    return Notification.objects.filter(kind=GIVEN_UP).order_by("recipient__username")


@pytest.fixture
def bounce(flaky_smtp):
    flaky_smtp.failures = 10
    flaky_smtp.error = smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"5.1.1 No such user")})
    return flaky_smtp


def test_a_bounce_tells_the_officers_of_the_operation_in_the_app_only_naming_the_person(cast, bounce):
    second_officer = UserFactory(username="officer2", organization=cast.ocha, language="fr")
    Membership.objects.create(user=second_officer, operation=cast.operation, role=Role.CMCOORD_OFFICER)
    # Even someone who asked for every email gets this one in the app only: it must not wait on the relay.
    NotificationPreference.objects.create(
        user=cast.officer, kind=GIVEN_UP, channel=NotificationChannel.EMAIL_NOW
    )
    row = queued_row(cast, "amina")

    assert notifications.deliver(pk=row.pk) is None

    found = list(alerts())
    assert [a.recipient for a in found] == [cast.officer, second_officer]
    assert {a.email_status for a in found} == {Status.SKIPPED}
    assert {a.operation for a in found} == {cast.operation}
    assert {a.link for a in found} == {"/accounts/people/"}
    english, french = found
    assert english.subject == "Email to Amina Amina not delivered"
    assert f"refused the address {row.recipient.email} of Amina Amina for good" in english.body_text
    assert "550" in english.body_text
    assert french.subject == "E-mail à Amina Amina non remis"
    assert "définitivement" in french.body_text
    # Nobody else of the operation, and no other operation's officer, is told.
    assert not alerts().exclude(recipient__in=[cast.officer, second_officer]).exists()
    assert mail.outbox == []  # nothing was emailed (the relay refused the one email; no alert went by email)
    # It is in the officers' inbox, unread.
    assert notifications.unread_count(cast.officer) == 1


def test_an_email_given_up_at_the_age_limit_says_so(cast, flaky_smtp, settings):
    settings.NOTIFICATION_MAX_AGE = timedelta(hours=72)
    row = queued_row(cast, "amina")
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=73))
    flaky_smtp.failures = 1
    flaky_smtp.error = smtplib.SMTPDataError(451, b"4.3.0 Try again later")

    assert notifications.deliver(pk=row.pk) is None

    (alert,) = alerts()
    assert alert.recipient == cast.officer
    assert f"An email to Amina Amina ({row.recipient.email}) was given up after 72 hours" in alert.body_text
    assert "451" in alert.body_text


def test_a_transient_failure_before_the_age_limit_tells_nobody(cast, flaky_smtp):
    row = queued_row(cast)
    flaky_smtp.failures = 1

    assert notifications.deliver(pk=row.pk) == 60

    assert not alerts().exists()


def test_the_officers_hear_of_one_person_at_most_once_a_day(cast, bounce):
    with time_machine.travel(timezone.now().replace(hour=9), tick=False):
        first = queued_row(cast, "amina")
        notifications.deliver(pk=first.pk)
        # Another email to the same person bounces the same day: no second alert.
        second = Notification.objects.create(
            recipient=first.recipient,
            operation=cast.operation,
            kind=notifications.MEMBERSHIP_GRANTED,
            dedupe_key="another-event",
            language="en",
            subject="s",
            body_text="t",
            body_html="h",
        )
        notifications.deliver(pk=second.pk)
        # Another person's bounce is told.
        other = queued_row(cast, "bruno")
        notifications.deliver(pk=other.pk)
        assert sorted(alerts().values_list("subject", flat=True)) == [
            "Email to Amina Amina not delivered",
            "Email to Amina Bruno not delivered",
        ]
    with time_machine.travel(timezone.now().replace(hour=9) + timedelta(days=1), tick=False):
        third = Notification.objects.create(
            recipient=first.recipient,
            operation=cast.operation,
            kind=notifications.MEMBERSHIP_GRANTED,
            dedupe_key="a-third-event",
            language="en",
            subject="s",
            body_text="t",
            body_html="h",
        )
        notifications.deliver(pk=third.pk)
    assert alerts().filter(subject="Email to Amina Amina not delivered").count() == 2
    assert Notification.objects.filter(email_status=Status.FAILED, bounced=True).count() == 4


def test_an_email_without_an_operation_tells_the_operations_managers_and_the_staff(cast, bounce):
    UserFactory(username="manager", organization=cast.ocha, is_operations_manager=True)
    UserFactory(username="techadmin", organization=cast.ocha, is_staff=True)
    UserFactory(username="gone_manager", organization=cast.ocha, is_operations_manager=True, is_active=False)
    pk = notifications.account_email_queue(
        user=cast.requester, kind="account.password_reset", subject="Reset", text="Reset", html=""
    )

    assert notifications.deliver(pk=pk) is None

    found = {a.recipient.username: a for a in alerts()}
    assert set(found) == {"manager", "techadmin"}
    assert found["techadmin"].link == "/admin/cmcoord/notification/?email_status__exact=failed"
    assert found["manager"].link == ""
    assert {a.operation for a in found.values()} == {None}
    assert {a.email_status for a in found.values()} == {Status.SKIPPED}
    assert not alerts().filter(recipient=cast.officer).exists()  # an account email has no operation


def test_an_operation_without_an_officer_falls_back_to_the_operations_managers(cast, bounce):
    manager = UserFactory(username="manager", organization=cast.ocha, is_operations_manager=True)
    Membership.objects.filter(operation=cast.operation, role=Role.CMCOORD_OFFICER).delete()
    row = queued_row(cast, "amina")

    notifications.deliver(pk=row.pk)

    assert [a.recipient for a in alerts()] == [manager]
    assert alerts().get().operation == cast.operation


def test_the_sweep_tells_the_officers_when_it_gives_up_a_row_whose_worker_died(cast, settings):
    settings.NOTIFICATION_MAX_AGE = timedelta(hours=72)
    row = queued_row(cast, "amina")
    Notification.objects.filter(pk=row.pk).update(
        email_status=Status.SENDING,
        attempts=3,
        created_at=timezone.now() - timedelta(hours=80),
        next_attempt_at=timezone.now() - timedelta(seconds=1),
    )

    notifications.sweep()

    row.refresh_from_db()
    assert (row.email_status, row.bounced) == (Status.FAILED, False)
    (alert,) = alerts()
    assert alert.recipient == cast.officer
    assert "given up after 72 hours" in alert.body_text


def test_nobody_chooses_how_to_hear_of_it(cast):
    assert GIVEN_UP not in {k.key for k in notifications.kinds()}
    assert GIVEN_UP not in notifications.channels_for_user(cast.officer)
    with pytest.raises(ValueError):
        notifications.notification_preferences_set(
            user=cast.officer, channels={GIVEN_UP: NotificationChannel.EMAIL_NOW}, language="en"
        )


def test_a_failing_alert_does_not_keep_the_row_from_failing(cast, bounce, monkeypatch):
    row = queued_row(cast, "amina")

    def broken(**kwargs):
        raise RuntimeError("a template went missing")

    monkeypatch.setattr(notifications, "alert_given_up", broken)

    assert notifications.deliver(pk=row.pk) is None

    row.refresh_from_db()
    assert (row.email_status, row.bounced) == (Status.FAILED, True)
    assert not alerts().exists()
