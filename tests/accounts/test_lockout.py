"""Brute force: the account+client is locked after 5 failures on the login page and the token endpoint."""

import datetime
import re

import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cmcoord.models import AuditEvent

from .conftest import PASSWORD

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"


def fail_login(client, username, times, **extra):
    return [
        client.post(LOGIN, {"username": username, "password": "wrong-password"}, **extra).status_code
        for _ in range(times)
    ]


def test_five_failures_lock_the_account_on_the_login_page_even_with_the_right_password(with_passwords):
    client = Client()
    assert fail_login(client, "requester", 4) == [200, 200, 200, 200]

    fifth = client.post(LOGIN, {"username": "requester", "password": "wrong-password"})
    right = client.post(LOGIN, {"username": "requester", "password": PASSWORD})

    assert fifth.status_code == 429
    assert right.status_code == 429
    assert "locked" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_owner_is_told_by_email_once_locked(with_passwords, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fail_login(Client(), "requester", 6)

    locked_mails = [m for m in mail.outbox if "locked" in m.subject]
    assert len(locked_mails) == 1
    assert locked_mails[0].to == [with_passwords.requester.email]
    assert "127.0.0.1" in locked_mails[0].body


def test_the_lock_is_per_account_and_client_address(with_passwords):
    fail_login(Client(), "requester", 5)

    from_elsewhere = Client(REMOTE_ADDR="198.51.100.7").post(
        LOGIN, {"username": "requester", "password": PASSWORD}
    )
    other_account = Client().post(LOGIN, {"username": "observer", "password": PASSWORD})

    assert from_elsewhere.status_code == 302
    assert other_account.status_code == 302


def test_a_spoofed_forwarded_for_header_does_not_reset_the_count(with_passwords):
    client = Client()
    statuses = [
        client.post(
            LOGIN,
            {"username": "requester", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(6)
    ]

    assert statuses[-2:] == [429, 429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_the_trusted_proxy_its_forwarded_for_names_the_client(with_passwords, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    fail_login(proxy, "requester", 5, HTTP_X_FORWARDED_FOR="203.0.113.9")

    same_client = proxy.post(
        LOGIN, {"username": "requester", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    # A client prepending a false address to the proxy's header still is the address the proxy saw.
    spoofing = proxy.post(
        LOGIN,
        {"username": "requester", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
    )
    other_client = Client(REMOTE_ADDR="10.0.0.2").post(
        LOGIN, {"username": "requester", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.1"
    )

    assert same_client.status_code == 429
    assert spoofing.status_code == 429
    assert other_client.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_the_right_password_works_after_the_cooling_off(with_passwords):
    client = Client()
    fail_login(client, "requester", 5)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14), tick=False):
        assert client.post(LOGIN, {"username": "requester", "password": PASSWORD}).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16), tick=False):
        assert client.post(LOGIN, {"username": "requester", "password": PASSWORD}).status_code == 302


def test_five_failures_lock_the_token_endpoint(with_passwords):
    api = APIClient()
    statuses = [api.post(TOKEN, {"username": "requester", "password": "nope"}).status_code for _ in range(5)]
    locked = api.post(TOKEN, {"username": "requester", "password": PASSWORD})

    assert statuses == [400, 400, 400, 400, 429]
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert set(locked.json()) == {"code", "detail", "fields"}


def test_the_token_endpoint_is_throttled_per_client_address(with_passwords, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "3/min", "writes": "120/min"},
    }
    api = APIClient()
    statuses = [api.post(TOKEN, {"username": f"nobody{n}", "password": "x"}).status_code for n in range(4)]

    assert statuses == [400, 400, 400, 429]


def test_writes_are_throttled_per_user(cast, api_for, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "20/min", "writes": "2/min"},
    }
    api = api_for(cast.requester)
    writes = [api.post("/api/v1/notifications/read-all/").status_code for _ in range(3)]
    reads = [api.get("/api/v1/notifications/").status_code for _ in range(3)]

    assert writes == [200, 200, 429]
    assert reads == [200, 200, 200]


def test_password_reset_requests_are_throttled(with_passwords, django_capture_on_commit_callbacks):
    client = Client()
    statuses = []
    for _ in range(6):
        with django_capture_on_commit_callbacks(execute=True):  # each one sent before the next is asked
            statuses.append(
                client.post("/accounts/password_reset/", {"email": with_passwords.hc.email}).status_code
            )

    assert statuses == [302, 302, 302, 302, 302, 429]
    assert len([m for m in mail.outbox if m.to == [with_passwords.hc.email]]) == 5


def test_a_password_reset_goes_through_the_outbox_and_waits_there_while_mail_is_down(
    with_passwords, settings
):
    from cmcoord import notifications
    from cmcoord.models import Notification

    hc = with_passwords.hc
    client = Client()
    # The mail server is down: the on-commit enqueue never delivers (nothing is captured here).
    for _ in range(3):
        assert client.post("/accounts/password_reset/", {"email": hc.email}).status_code == 302

    # One row, not three: the one waiting goes out with a fresh link when mail works again.
    row = Notification.objects.get(recipient=hc, kind="account.password_reset")
    assert row.email_status == Notification.EmailStatus.QUEUED
    assert "token-made-when-sent" in row.body_text  # no token is ever stored
    assert mail.outbox == []
    assert not notifications.notifications_for_user(hc).filter(pk=row.pk).exists()  # not in the inbox

    notifications.deliver(pk=row.pk)

    (email,) = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", email.body).group(1)
    assert "token-made-when-sent" not in link
    assert email.extra_headers["Message-ID"] == notifications.message_id(row)
    page = client.get(link, follow=True)
    assert "Choose a new password" in page.content.decode()


def test_an_officer_sees_and_lifts_the_lockout_of_a_person_of_their_operation(with_passwords, client_for):
    cast = with_passwords
    fail_login(Client(), "requester", 5)
    officer = client_for(cast.officer)

    page = officer.get("/accounts/people/").content.decode()
    lifted = officer.post(f"/accounts/people/{cast.requester.pk}/unlock/")

    assert "locked" in page and "requester" in page
    assert lifted.status_code == 302
    assert not AccessAttempt.objects.filter(username="requester").exists()
    assert Client().post(LOGIN, {"username": "requester", "password": PASSWORD}).status_code == 302
    event = AuditEvent.objects.get(verb="account.lockout_lifted")
    assert (event.actor, event.object_id, event.operation) == (
        cast.officer,
        str(cast.requester.pk),
        cast.operation,
    )


def test_only_officers_of_the_persons_operation_may_lift_a_lockout(with_passwords, client_for):
    cast = with_passwords
    fail_login(Client(), "requester", 5)

    answers = {
        name: client_for(user).post(f"/accounts/people/{cast.requester.pk}/unlock/").status_code
        for name, user in [
            ("other_officer", cast.other_officer),
            ("hc", cast.hc),
            ("requester2", cast.requester_same_org),
            ("liaison", cast.liaison),
            ("outsider", cast.outsider),
        ]
    }

    assert set(answers.values()) == {404}
    assert AccessAttempt.objects.filter(username="requester").exists()
    assert not AuditEvent.objects.filter(verb="account.lockout_lifted").exists()
    their_page = client_for(cast.other_officer).get("/accounts/people/")
    assert their_page.status_code == 200
    assert f"/accounts/people/{cast.requester.pk}/" not in their_page.content.decode()


def test_people_page_runs_a_constant_number_of_queries(with_passwords, client_for, django_assert_num_queries):
    cast = with_passwords
    fail_login(Client(), "requester", 5)
    officer = client_for(cast.officer)
    officer.get("/accounts/people/")

    with django_assert_num_queries(NUM_PEOPLE_QUERIES):
        officer.get("/accounts/people/")
    fail_login(Client(), "observer", 2)
    with django_assert_num_queries(NUM_PEOPLE_QUERIES):
        officer.get("/accounts/people/")


# The page frame (session, user, roles, operation, nav, unread count…) and four for the people: the same
# whatever the number of people and failed attempts.
NUM_PEOPLE_QUERIES = 11


def test_admin_login_is_locked_too(with_passwords, db):
    from tests.factories import UserFactory

    staff = UserFactory(username="staffer", is_staff=True)
    staff.set_password(PASSWORD)
    staff.save()
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "staffer", "password": "wrong"})

    assert client.post("/admin/login/", {"username": "staffer", "password": PASSWORD}).status_code == 429
