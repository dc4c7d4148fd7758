"""Fixtures of the operations tests: an operations manager beside the standard cast."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory


@pytest.fixture
def manager(cast):
    """An operations manager of OCHA headquarters: no role in any operation."""
    user = UserFactory(username="opsmanager", organization=cast.ocha, email="opsmanager@example.org")
    user.is_operations_manager = True
    user.save(update_fields=["is_operations_manager"])
    return user


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def invitation_link(to: str) -> str:
    """The accept path in the last email sent to `to` (through the locmem backend)."""
    for message in reversed(mail.outbox):
        if to in message.to:
            match = re.search(r"https?://[^/\s]+(/operations/invitations/[^/\s]+/)", message.body)
            assert match, message.body
            return match.group(1)
    raise AssertionError(f"no email to {to}: {[m.to for m in mail.outbox]}")
