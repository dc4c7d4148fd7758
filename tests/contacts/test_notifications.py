"""The weekly "please confirm your details": a stale contact with a humanitarian member's account is asked
directly; every other stale contact is listed to the operation's CMCoord officers; once a week, however often
the task runs; never a military user."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cmcoord.exceptions import DomainError
from cmcoord.models import Notification
from contacts.models import Contact
from contacts.services import contact_mark_verified, contact_request_confirmation
from contacts.tasks import remind_stale_contacts

from .conftest import make_contact

EVERYONE = Contact.Sharing.EVERYONE
NOTE = "SENTINEL-PRIVATE-NOTE-5d1"


def told(kind):
    names = list(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))
    assert len(names) == len(set(names)), names
    return set(names)


@pytest.fixture
def stale(cast):
    """Four stale contacts (never verified): linked to WFP's requester, to SANDF's liaison officer, to an
    outsider (no role in the operation), and one with no account; and one fresh contact."""
    officer = cast.officer
    return {
        "requester": make_contact(
            cast.operation,
            cast.wfp,
            "Rita Requester",
            sharing=EVERYONE,
            actor=officer,
            notes=NOTE,
            user=cast.requester,
        ),
        "liaison": make_contact(
            cast.operation, cast.force, "Lars Liaison", sharing=EVERYONE, actor=officer, user=cast.liaison
        ),
        "outsider": make_contact(
            cast.operation,
            cast.unicef,
            "Otto Outsider",
            sharing=EVERYONE,
            actor=officer,
        ),
        "unlinked": make_contact(
            cast.operation, cast.unicef, "Una Unlinked", sharing=EVERYONE, actor=officer
        ),
        "fresh": make_contact(
            cast.operation,
            cast.unicef,
            "Fred Fresh",
            sharing=EVERYONE,
            actor=officer,
            last_verified=timezone.localdate(),
        ),
    }


def test_the_weekly_run_asks_linked_members_and_lists_the_others_to_the_officers_once_a_week(cast, stale):
    Contact.objects.filter(pk=stale["outsider"].pk).update(user=cast.outsider)

    remind_stale_contacts()
    remind_stale_contacts()

    assert told("contact.confirm_details") == {"requester"}
    assert told("contacts.stale_list") == {"officer"}
    asked = Notification.objects.get(kind="contact.confirm_details")
    assert "Rita Requester" in asked.body_text and "has never been verified" in asked.body_text
    assert NOTE not in asked.body_text + asked.body_html
    assert asked.link == f"/contacts/{stale['requester'].pk}/"
    listed = Notification.objects.get(kind="contacts.stale_list").body_text
    for name in ("Lars Liaison", "Otto Outsider", "Una Unlinked"):
        assert name in listed
    assert "Rita Requester" not in listed and "Fred Fresh" not in listed
    # The military liaison officer is never told: he hears only of his force's tasks.
    assert not Notification.objects.filter(recipient=cast.liaison).exists()

    # A week later, still stale: asked again, once.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7), tick=False):
        remind_stale_contacts()
        remind_stale_contacts()
    assert Notification.objects.filter(kind="contact.confirm_details").count() == 2
    assert Notification.objects.filter(kind="contacts.stale_list").count() == 2


def test_a_verified_contact_is_no_longer_asked(cast, stale):
    contact_mark_verified(contact=stale["requester"], actor=cast.officer)

    remind_stale_contacts()

    assert told("contact.confirm_details") == set()


def test_an_officers_confirmation_request_asks_the_linked_member_at_once(cast, stale):
    contact_request_confirmation(contact=stale["requester"], actor=cast.officer)
    contact_request_confirmation(contact=stale["liaison"], actor=cast.officer)
    with pytest.raises(DomainError):
        contact_request_confirmation(contact=stale["requester"], actor=cast.officer)

    assert told("contact.confirm_details") == {"requester"}


def test_the_french_speaker_is_asked_in_french(cast, stale):
    cast.requester.language = "fr"
    cast.requester.save(update_fields=["language"])

    remind_stale_contacts()

    row = Notification.objects.get(kind="contact.confirm_details")
    assert (
        row.subject == "Merci de confirmer vos coordonnées dans l’annuaire de Cyclone response — Mozambique"
    )
    assert "n’a jamais été vérifiée" in row.body_text
