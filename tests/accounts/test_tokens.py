"""API tokens: hashed at rest, expiring, named, listable and revocable by their owner only."""

import datetime

import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import token_create

TOKEN = "/api/v1/auth/token/"


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def test_a_token_is_stored_hashed_named_and_expiring_in_30_days(cast):
    token, raw = token_create(user=cast.requester, name="laptop")

    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.digest, stored.token_key) and len(stored.digest) == 128
    assert stored.name == "laptop"
    assert abs(stored.expiry - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    assert bearer(raw).get("/api/v1/me/").status_code == 200


def test_the_lifetime_is_configurable(cast, settings):
    settings.API_TOKEN_TTL = datetime.timedelta(days=2)
    token, _raw = token_create(user=cast.requester, name="script")

    assert token.expiry - token.created < datetime.timedelta(days=2, minutes=1)


def test_an_expired_token_gets_401(cast):
    _token, raw = token_create(user=cast.requester, name="laptop")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, minutes=1), tick=False):
        response = bearer(raw).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_revoked_token_gets_401(cast):
    token, raw = token_create(user=cast.requester, name="laptop")
    client = bearer(raw)

    assert client.delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_a_deactivated_users_tokens_stop_at_once(cast):
    _token, raw = token_create(user=cast.requester, name="laptop")
    client = bearer(raw)
    assert client.get("/api/v1/me/").status_code == 200

    cast.requester.is_active = False
    cast.requester.save()

    assert client.get("/api/v1/me/").status_code == 401
    assert not ApiToken.objects.filter(user=cast.requester).exists()


def test_owners_list_their_own_tokens_only_without_the_secret(cast, api_for):
    mine, raw = token_create(user=cast.requester, name="laptop")
    token_create(user=cast.observer, name="someone else's")

    listed = api_for(cast.requester).get("/api/v1/auth/tokens/").json()

    assert [t["name"] for t in listed] == ["laptop"]
    assert raw not in str(listed) and mine.digest not in str(listed)
    assert set(listed[0]) == {"id", "name", "created", "expiry", "last_used_at", "is_expired"}


def test_nobody_revokes_anothers_token(cast, api_for):
    theirs, raw = token_create(user=cast.observer, name="phone")

    for user in (cast.requester, cast.officer, cast.outsider):
        assert api_for(user).delete(f"/api/v1/auth/tokens/{theirs.pk}/").status_code == 404
    assert bearer(raw).get("/api/v1/me/").status_code == 200


def test_the_token_endpoint_names_the_token(with_passwords):
    from .conftest import PASSWORD

    response = APIClient().post(
        TOKEN, {"username": "requester", "password": PASSWORD, "name": "field tablet"}
    )

    assert response.status_code == 201
    assert ApiToken.objects.get(pk=response.json()["id"]).name == "field tablet"
    assert bearer(response.json()["token"]).get("/api/v1/me/").json()["username"] == "requester"


def test_the_security_page_creates_lists_and_revokes_tokens(cast, client_for):
    client = client_for(cast.requester)

    client.post("/accounts/security/tokens/new/", {"name": "sync script"})
    page = client.get("/accounts/security/").content.decode()
    token = ApiToken.objects.get(user=cast.requester)
    again = client.get("/accounts/security/").content.decode()

    assert "sync script" in page
    shown = page.split('class="secret break">')[1].split("<")[0]
    assert bearer(shown).get("/api/v1/me/").status_code == 200
    assert shown not in again  # shown once
    assert client.post(f"/accounts/security/tokens/{token.pk}/revoke/").status_code == 302
    assert bearer(shown).get("/api/v1/me/").status_code == 401


def test_logout_everywhere_ends_sessions_and_tokens(cast, client_for):
    laptop = client_for(cast.requester)
    phone = client_for(cast.requester)
    _token, raw = token_create(user=cast.requester, name="laptop")

    assert phone.post("/accounts/security/logout-everywhere/").status_code == 302

    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert bearer(raw).get("/api/v1/me/").status_code == 401
