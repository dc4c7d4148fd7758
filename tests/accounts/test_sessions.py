"""Sessions: an idle timeout, a fresh session key at login, and passwords worth the name."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from .conftest import PASSWORD


def at(delta):
    return time_machine.travel(timezone.now() + delta, tick=False)


def test_an_idle_session_ends_after_8_hours(cast, client_for):
    client = client_for(cast.requester)

    with at(datetime.timedelta(hours=7, minutes=59)):
        assert client.get("/").status_code == 200
    # The clock restarted at the last request: 7h59 after it, still in.
    with at(datetime.timedelta(hours=15, minutes=58)):
        assert client.get("/").status_code == 200
    with at(datetime.timedelta(hours=24)):
        response = client.get("/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_idle_timeout_is_configurable(cast, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT = 3600
    client = client_for(cast.requester)

    with at(datetime.timedelta(minutes=61)):
        assert client.get("/").status_code == 302


def test_the_session_key_changes_at_login(with_passwords):
    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-fixed-session-id"
    client.post("/accounts/login/", {"username": "requester", "password": PASSWORD})

    assert client.cookies["sessionid"].value != "attacker-fixed-session-id"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("password", ["Short-pass1", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("Harbour-cranes-at-dawn-7")
