"""Fixtures of the core's tests."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend


class FlakySMTP:
    """The one thing these tests fake: an SMTP server that drops the first `failures` messages."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        super().__init__(*args, **kwargs)
        self._inner = EmailBackend(*args, **kwargs)

    def send_messages(self, messages):
        if FlakySMTP.failures > 0:
            FlakySMTP.failures -= 1
            raise FlakySMTP.error
        return self._inner.send_messages(messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.cmcoord.conftest.FlakyBackend"
    FlakySMTP.failures = 0
    FlakySMTP.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    yield FlakySMTP
    FlakySMTP.failures = 0
