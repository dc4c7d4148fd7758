"""Refusals read as sentences in every language, and a role that may see an object but not act on it gets the
same answer for every action: 409 with a code (role_not_allowed, or the state's code when the step is not
one from the object's status for anybody), as the README's API section says."""

import pytest
from django.utils import timezone, translation

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import AuditEvent
from requests import selectors
from requests.lifecycle import ACTIONS
from requests.models import AssistanceRequest, Task
from requests.services import hct as decisions
from requests.services import rfa as services

from .hct_helpers import tasked, written

S = AssistanceRequest.Status
LANGUAGES = ["en", "fr", "es", "ar", "pt"]
REFUSED_CODES = {"role_not_allowed", "not_allowed_in_state", "not_editable", "not_assessable"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_returning_without_a_comment_is_refused_in_a_whole_sentence(cast, make_request, language):
    rfa = make_request(status=S.UNDER_REVIEW)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_return_to_requester(rfa=rfa, actor=cast.officer, comment="")
    assert refused.value.code == "comment_required"
    with translation.override(language):
        text = str(refused.value.message)
        # The action's own whole sentence, translated as one msgid: never a field label lowercased into a
        # sentence ("Say why: a what information is missing is required to “return to requester”.").
        assert text == str(ACTIONS["return_to_requester"].comment_missing)
    assert "is required to" not in text
    assert text.startswith("Say what information is missing") is (language == "en")


def test_every_comment_required_action_has_its_own_sentence():
    required = [action for action in ACTIONS.values() if action.comment_required]
    assert required
    assert all(action.comment_missing for action in required)
    assert len({str(action.comment_missing) for action in required}) == len(required)


@pytest.mark.parametrize("language", LANGUAGES)
def test_responding_to_a_meeting_says_the_decision_is_taken_at_the_meeting(cast, make_request, language):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    referral = selectors.running_referral(rfa)
    with pytest.raises(TransitionNotAllowed) as refused:
        decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree")
    assert refused.value.code == "not_a_written_procedure"
    with translation.override(language):
        text = str(refused.value.message)
    assert "written procedure" not in text
    assert ("HCT meeting" in text) is (language == "en")


@pytest.mark.parametrize("language", ["fr", "es", "ar", "pt"])
def test_the_api_says_a_refusal_in_the_users_language(cast, make_request, api_for, language):
    cast.officer.language = language
    cast.officer.save(update_fields=["language"])
    rfa = make_request(status=S.UNDER_REVIEW)
    answer = api_for(cast.officer).post(
        f"/api/v1/requests/{rfa.pk}/return_to_requester/", {}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert (answer.status_code, answer.json()["code"]) == (409, "comment_required")
    with translation.override(language):
        assert answer.json()["detail"] == str(ACTIONS["return_to_requester"].comment_missing)
    assert (
        answer.json()["detail"]
        != "Say what information is missing: a request is returned to its requester with a comment."
    )


def attempts(cast, with_hct, done, task):
    """Every action on a request and a task the reader may see, each with a body that is valid."""
    today = timezone.localdate().isoformat()
    version = selectors.assessment_rows(with_hct)[0].version.pk
    decision = selectors.current_decision(done)
    out = []
    for rfa in (with_hct, done):
        base = f"/api/v1/requests/{rfa.pk}"
        out += [
            ("post", f"{base}/submit/", {}),
            ("post", f"{base}/start_review/", {}),
            ("post", f"{base}/return_to_requester/", {"comment": "The weights are missing."}),
            ("post", f"{base}/put_to_hct/", {}),
            ("post", f"{base}/withdraw/", {}),
            ("post", f"{base}/cancel/", {"comment": "No longer needed."}),
            ("patch", f"{base}/", {"title": "Rewritten"}),
            (
                "post",
                f"{base}/assessment/",
                [{"criterion_version": version, "answer": "met", "justification": "Checked."}],
            ),
        ]
    base = f"/api/v1/tasks/{task.pk}"
    out += [
        ("post", f"{base}/accept/", {"conditions_confirmed": True}),
        ("post", f"{base}/decline/", {"reason": "No aircraft."}),
        ("post", f"{base}/progress/", {"text": "Loaded."}),
        ("post", f"{base}/complete/", {"completed_on": today, "delivered": "Everything."}),
        ("post", f"{base}/acknowledge/", {"decision": decision.pk}),
    ]
    # The role is refused before the body is read: an empty body gets the same answer, not a 400.
    out += [(method, url, [] if isinstance(body, list) else {}) for method, url, body in out if body]
    return out


@pytest.mark.parametrize("who", ["observer", "hct_member"])
def test_a_read_only_role_gets_409_for_every_action(cast, make_request, api_for, who):
    with_hct, _referral = written(cast, make_request)
    done, task = tasked(cast, make_request)
    api = api_for(getattr(cast, who))
    tried = attempts(cast, with_hct, done, task)
    if who == "observer":  # an HCT member may comment; an observer reads only
        tried.append(("post", f"/api/v1/requests/{with_hct.pk}/comments/", {"text": "Noted."}))
    # The reader sees every object it is refused an action on (else the answer would be 404).
    for url in (
        f"/api/v1/requests/{with_hct.pk}/",
        f"/api/v1/requests/{done.pk}/",
        f"/api/v1/tasks/{task.pk}/",
    ):
        assert api.get(url).status_code == 200, url
    events = AuditEvent.objects.count()
    statuses = {r.pk: r.status for r in AssistanceRequest.objects.all()}
    answers = []
    for method, url, body in tried:
        answer = getattr(api, method)(url, body, format="json")
        answers.append((method, url, answer.status_code, answer.json().get("code")))
    wrong = [a for a in answers if a[2] != 409 or a[3] not in REFUSED_CODES]
    assert not wrong, wrong
    # and nothing changed
    assert AuditEvent.objects.count() == events
    assert {r.pk: r.status for r in AssistanceRequest.objects.all()} == statuses
    assert Task.objects.get(pk=task.pk).status == task.status
    assert with_hct.comments.count() == 0
