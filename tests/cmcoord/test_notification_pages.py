"""The inbox, its unread count, mark read, preferences, the API and the admin's outbox."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from cmcoord import notifications
from cmcoord.models import AuditEvent, Notification, NotificationPreference, Role

Status = Notification.EmailStatus


def tell(user, n, operation=None, start=0):
    """n notifications for the user, as an app would write them."""
    with transaction.atomic():
        for i in range(start, start + n):
            notifications.notify(
                kind="membership.granted",
                recipients=[user],
                operation=operation,
                context={"role": "observer", "role_label": f"Observer {i}", "previous_role": ""},
                link=f"/operations/{operation.pk}/" if operation else "/",
                dedupe_key=f"test:{i}",
            )
    return list(Notification.objects.filter(recipient=user).order_by("-pk"))


def test_the_inbox_lists_only_my_notifications_newest_first(cast, client_for):
    mine = tell(cast.hc, 3, cast.operation)
    tell(cast.officer, 2, cast.operation, start=10)

    response = client_for(cast.hc).get(reverse("notifications"))

    assert response.status_code == 200
    page = list(response.context["page"].object_list)
    assert page == mine
    body = response.content.decode()
    assert "Observer 2" in body and "Observer 10" not in body
    assert 'class="count">3<' in body  # the unread count in the header


@pytest.mark.parametrize("size", [3, 24])
def test_the_inbox_runs_a_constant_number_of_queries(cast, client_for, django_assert_num_queries, size):
    tell(cast.hc, size, cast.operation)
    tell(cast.hc, 1, None, start=100)
    client = client_for(cast.hc)

    # session, user, page count, roles, current operation, user's operations, user's organisation (header),
    # unread count (header), page rows
    with django_assert_num_queries(9):
        response = client.get(reverse("notifications"))
    assert len(response.context["page"].object_list) == size + 1


@pytest.mark.parametrize("size", [3, 30])
def test_the_api_list_runs_a_constant_number_of_queries(cast, api_for, django_assert_num_queries, size):
    tell(cast.hc, size, cast.operation)
    api = api_for(cast.hc)

    with django_assert_num_queries(2):
        response = api.get("/api/v1/notifications/")
    assert response.json()["count"] == size
    first = response.json()["results"][0]
    assert first["operation"] == cast.operation.pk
    assert first["operation_name"] == cast.operation.name
    assert first["is_read"] is False
    expected = {"id", "kind", "operation", "operation_name", "subject", "body", "link", "is_read"}
    assert set(first) == expected | {"created_at", "read_at"}


def test_open_marks_read_and_goes_to_the_link(cast, client_for):
    [item] = tell(cast.hc, 1, cast.operation)
    client = client_for(cast.hc)

    response = client.post(reverse("notification-read", args=[item.pk]), {"next": item.link})

    assert response.status_code == 302
    assert response["Location"] == item.link
    item.refresh_from_db()
    assert item.read_at is not None
    assert 'class="count"' not in client.get(reverse("notifications")).content.decode()


def test_mark_read_does_not_follow_an_outside_link(cast, client_for):
    [item] = tell(cast.hc, 1, cast.operation)

    response = client_for(cast.hc).post(
        reverse("notification-read", args=[item.pk]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("notifications")


def test_someone_elses_notification_is_404_on_the_page_and_the_api_and_stays_unread(
    cast, client_for, api_for
):
    [theirs] = tell(cast.officer, 1, cast.operation)

    for user in (cast.hc, cast.liaison, cast.outsider, cast.other_officer):
        assert client_for(user).post(reverse("notification-read", args=[theirs.pk])).status_code == 404
        assert api_for(user).get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
        response = api_for(user).post(f"/api/v1/notifications/{theirs.pk}/read/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert api_for(user).get("/api/v1/notifications/").json()["count"] == 0

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_is_post_only(cast, client_for):
    [item] = tell(cast.hc, 1, cast.operation)
    assert client_for(cast.hc).get(reverse("notification-read", args=[item.pk])).status_code == 405
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read_touches_only_my_notifications(cast, client_for):
    tell(cast.hc, 3, cast.operation)
    [theirs] = tell(cast.officer, 1, cast.operation, start=10)

    response = client_for(cast.hc).post(reverse("notifications-read-all"), follow=True)

    assert "3 notifications marked read." in response.content.decode()
    assert not Notification.objects.filter(recipient=cast.hc, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_mark_read_and_read_all(cast, api_for):
    first, second, third = tell(cast.hc, 3, cast.operation)
    api = api_for(cast.hc)

    response = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert api.get("/api/v1/notifications/?unread=1").json()["count"] == 2

    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert api.get("/api/v1/notifications/?unread=1").json()["count"] == 0


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/notifications/").status_code in (401, 403)


def test_preferences_page_saves_channels_and_language(cast, client_for):
    client = client_for(cast.hc)
    page = client.get(reverse("notification-preferences"))
    assert page.status_code == 200
    assert "You are given a role in an operation" in page.content.decode()

    # Every registered kind is on the form; this one changes.
    every_kind = {f"kind__{k.key.replace('.', '__')}": "email_now" for k in notifications.kinds()}
    response = client.post(
        reverse("notification-preferences"),
        {**every_kind, "language": "fr", "kind__membership__granted": "daily_digest"},
    )

    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(user=cast.hc, kind="membership.granted").channel == "daily_digest"
    )
    cast.hc.refresh_from_db()
    assert cast.hc.language == "fr"


def test_preferences_page_refuses_bad_input_and_keeps_what_was_typed(cast, client_for):
    response = client_for(cast.hc).post(
        reverse("notification-preferences"),
        {"language": "fr", "kind__membership__granted": "carrier_pigeon"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert 'value="fr" selected' in body
    assert not NotificationPreference.objects.exists()
    cast.hc.refresh_from_db()
    assert cast.hc.language == "en"


def test_the_admin_lists_the_outbox_and_retries_a_failed_email(
    cast, client_for, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    staff = UserFactory(username="ops", is_staff=True, is_superuser=True)
    [failed] = tell(cast.hc, 1, cast.operation)
    [sent] = tell(cast.officer, 1, cast.operation, start=5)
    Notification.objects.filter(pk=failed.pk).update(
        email_status=Status.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone"
    )
    Notification.objects.filter(pk=sent.pk).update(email_status=Status.SENT, sent_at=sent.created_at)
    admin = client_for(staff)

    listing = admin.get("/admin/cmcoord/notification/?email_status__exact=failed")
    assert listing.status_code == 200
    assert "SMTPServerDisconnected: gone" in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/cmcoord/notification/",
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 notification(s) will be sent again." in response.content.decode()
    assert "1 notification(s) skipped" in response.content.decode()
    failed.refresh_from_db()
    assert failed.email_status == Status.SENT
    assert [m.to for m in mail.outbox] == [[cast.hc.email]]
    event = AuditEvent.objects.get(verb="notification.retry")
    assert (event.actor, event.from_state, event.to_state) == (staff, "failed", "retry")
    assert admin.get(f"/admin/cmcoord/notification/{failed.pk}/change/").status_code == 200
    assert admin.post(f"/admin/cmcoord/notification/{failed.pk}/delete/").status_code == 403


def test_the_header_shows_the_unread_count_on_every_page(cast, client_for):
    tell(cast.liaison, 2, cast.operation)
    body = client_for(cast.liaison).get(reverse("home")).content.decode()
    assert 'href="/notifications/"' in body
    assert '<span class="count">2<span class="visually-hidden"> unread</span></span>' in body


def test_a_grant_shows_in_the_inbox_of_the_user_given_the_role(cast, client_for):
    from cmcoord.services import membership_set
    from tests.factories import UserFactory

    user = UserFactory(username="newcomer", organization=cast.unicef)
    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    body = client_for(user).get(reverse("notifications")).content.decode()
    assert "You now hold the role Observer in Cyclone response — Mozambique" in body
