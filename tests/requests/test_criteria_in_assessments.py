"""Criteria written by officers and operations managers reach the last-resort assessment: a rewording leaves
the assessments already made on the version they answered; a country guideline's own criteria are asked of the
operation's new requests, and of no other operation's."""

import pytest

from guidelines.models import Guideline
from guidelines.selectors import criteria_for_operation
from requests.models import AssessmentAnswer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assessment(api_for, user, rfa) -> dict:
    response = api_for(user).get(f"/api/v1/requests/{rfa.pk}/assessment/")
    assert response.status_code == 200
    return {row["criterion_code"]: row for row in response.json()}


def test_a_rewording_leaves_an_answered_assessment_on_its_version(cast, make_request, api_for):
    # given a request whose assessment is answered
    answered = make_request(answered=True)
    version = criteria_for_operation(cast.operation)[0]
    code = version.criterion.code
    before = assessment(api_for, cast.officer, answered)[code]

    # when an operations manager rewords that (global) criterion through the API
    manager = UserFactory(username="manager", organization=cast.ocha, is_operations_manager=True)
    response = api_for(manager).post(
        f"/api/v1/criteria/{version.criterion_id}/reword/",
        {"title": "No civilian alternative at all", "text": "Say which civilian assets were asked."},
        format="json",
    )
    assert response.status_code == 200

    # then the answered assessment keeps the version it answered, word for word
    after = assessment(api_for, cast.officer, answered)[code]
    assert after == before
    assert (after["criterion_version"], after["version"]) == (version.pk, 1)
    assert (
        AssessmentAnswer.objects.get(request=answered, criterion_code=code).criterion_version_id == version.pk
    )
    # and a new request answers the new wording
    fresh = assessment(api_for, cast.officer, make_request())[code]
    assert (fresh["version"], fresh["title"], fresh["answer"]) == (2, "No civilian alternative at all", None)


def test_a_country_guidelines_own_criteria_join_the_assessment_of_new_requests(cast, make_request, api_for):
    officer = api_for(cast.officer)
    # the officer adds the HCT's country guideline (in force) and its own criterion
    created = officer.post(
        "/api/v1/guidelines/",
        {
            "operation": cast.operation.pk,
            "title": "HCT Mozambique guidance on civil-military coordination",
            "short_name": "MOZ guidance",
            "issuer": "HCT Mozambique",
            "year": 2026,
            "contexts": "both",
            "url": "https://example.org/moz.pdf",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    criterion = officer.post(
        "/api/v1/criteria/",
        {
            "guideline": created.json()["id"],
            "code": "no_military_at_distributions",
            "number": "3",
            "title": "No military at distribution sites",
            "text": "Military assets deliver to a warehouse, never to a distribution site.",
        },
        format="json",
    )
    assert criterion.status_code == 201, criterion.json()

    # a new request of the operation is asked it
    rows = assessment(api_for, cast.officer, make_request())
    assert rows["no_military_at_distributions"]["title"] == "No military at distribution sites"
    assert rows["no_military_at_distributions"]["answer"] is None
    # and it may be answered
    answer = [
        {
            "criterion_version": rows["no_military_at_distributions"]["criterion_version"],
            "answer": "met",
            "justification": "To the WFP warehouse in Beira.",
        }
    ]
    rfa = make_request()
    assert officer.post(f"/api/v1/requests/{rfa.pk}/assessment/", answer, format="json").status_code == 200
    # a request of another operation is not
    other = make_request(operation=cast.other_operation)
    other_codes = {v.criterion.code for v in criteria_for_operation(cast.other_operation)}
    assert "no_military_at_distributions" not in other_codes
    assert "no_military_at_distributions" not in assessment(api_for, cast.other_officer, other)
    assert Guideline.objects.get(pk=created.json()["id"]).operation == cast.operation
