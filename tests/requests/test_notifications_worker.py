"""An approval through a real Celery worker and the real Redis of this machine (TEST_REDIS_URL): the right
people are emailed, once each, in their language, with only what they may see.

The worker fixture is the one of tests/cmcoord/test_notifications_worker.py (a solo worker in a thread,
transactional database); emails go to Django's locmem backend.
"""

import time
from collections import Counter

from django.core import mail

from cmcoord.models import Notification
from tests.cmcoord import test_notifications_worker as mechanism

from .hct_helpers import approved

worker = mechanism.worker
wait_for = mechanism.wait_for
Status = Notification.EmailStatus
ASSESSMENT_SENTINEL = "Checked: "  # the start of every justification make_request(answered=True) writes


def test_an_approval_emails_the_right_people_once_each_in_their_language(cast, make_request, worker):
    cast.hct_member.language = "fr"
    cast.hct_member.save(update_fields=["language"])
    by_email = {
        u.email: u.username
        for u in [
            cast.officer,
            cast.requester,
            cast.requester_same_org,
            cast.hct_member,
            cast.hct_member2,
        ]
    }

    rfa = approved(cast, make_request)  # put to an HCT meeting, then approved with conditions by the HC

    decided = Notification.objects.filter(kind="request.decided")
    # The HC, who recorded the decision, is not told of their own action.
    assert wait_for(lambda: decided.filter(email_status=Status.SENT).count() == 5, timeout=60)
    time.sleep(0.5)  # anything extra would have arrived by now
    emails = [m for m in mail.outbox if rfa.reference in m.subject and "HCT" not in m.subject]
    per_recipient = Counter(m.to[0] for m in emails)
    assert {by_email.get(address, address) for address in per_recipient} == {
        "officer",
        "requester",
        "requester_wfp2",
        "hct",
        "hct2",
    }
    assert set(per_recipient.values()) == {1}
    # The military heard of nothing: the approval is no task yet.
    assert not [m for m in mail.outbox if m.to[0] in (cast.liaison.email, cast.liaison_other_force.email)]

    french = next(m for m in emails if m.to[0] == cast.hct_member.email)
    assert french.subject == f"Décision sur {rfa.reference} : Approuvée sous conditions"
    assert "La HCT a statué sur la demande" in french.body
    assert "Unarmed personnel only" in french.body
    assert '<html lang="fr" dir="ltr">' in french.alternatives[0][0]
    english = next(m for m in emails if m.to[0] == cast.requester.email)
    assert english.subject == f"Decision on {rfa.reference}: Approved with conditions"
    assert "Valid from" in english.body and "Unarmed personnel only" in english.body
    for message in emails:
        # Only what they may see: the decision, not the internal assessment.
        assert ASSESSMENT_SENTINEL not in message.body
        assert ASSESSMENT_SENTINEL not in message.alternatives[0][0]
    assert set(decided.values_list("attempts", flat=True)) == {1}
