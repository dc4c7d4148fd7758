"""Notification preferences through the API: the signed-in user's own, as on the preferences page."""

import pytest
from rest_framework.test import APIClient

from cmcoord.models import NotificationPreference, User
from cmcoord.notifications import channels_for_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who", ["officer", "requester", "hct_member", "hc", "liaison", "observer", "outsider"]
)
def test_everyone_reads_and_sets_their_own_preferences(cast, api_for, who):
    user = getattr(cast, who)
    client = api_for(user)
    listed = client.get("/api/v1/notification-preferences/").json()
    kinds = {k["kind"]: k["channel"] for k in listed["kinds"]}
    assert kinds == channels_for_user(user)
    assert set(kinds.values()) == {"email_now"}
    kind = next(iter(kinds))

    response = client.patch(
        "/api/v1/notification-preferences/",
        {"language": "fr", "channels": {kind: "daily_digest"}},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["language"] == "fr"
    assert {k["kind"]: k["channel"] for k in response.json()["kinds"]}[kind] == "daily_digest"
    assert User.objects.get(pk=user.pk).language == "fr"
    assert channels_for_user(user)[kind] == "daily_digest"
    # nobody else's changed
    assert NotificationPreference.objects.exclude(user=user).count() == 0


def test_an_unknown_kind_or_channel_is_a_400_and_changes_nothing(cast, api_for):
    client = api_for(cast.officer)
    kind = client.get("/api/v1/notification-preferences/").json()["kinds"][0]["kind"]
    unknown = client.patch(
        "/api/v1/notification-preferences/",
        {"language": "es", "channels": {kind: "daily_digest", "no.such.kind": "email_now"}},
        format="json",
    )
    assert unknown.status_code == 400
    assert list(unknown.json()["fields"]) == ["channels"]
    bad = client.patch("/api/v1/notification-preferences/", {"channels": {kind: "pigeon"}}, format="json")
    assert bad.status_code == 400
    assert list(bad.json()["fields"]) == [f"channels.{kind}"]
    assert (
        client.patch("/api/v1/notification-preferences/", {"language": "xx"}, format="json").status_code
        == 400
    )
    assert NotificationPreference.objects.count() == 0
    assert User.objects.get(pk=cast.officer.pk).language == cast.officer.language


def test_no_preferences_without_credentials(db):
    response = APIClient().get("/api/v1/notification-preferences/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_an_empty_change_changes_nothing_even_before_a_language_was_chosen(cast, api_for):
    cast.officer.language = ""
    cast.officer.save(update_fields=["language"])
    response = api_for(cast.officer).patch("/api/v1/notification-preferences/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == ""
    assert NotificationPreference.objects.count() == 0
