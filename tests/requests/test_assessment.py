"""The assessment keeps the wording it answered when a criterion is later reworded (issue 6)."""

from guidelines.selectors import criteria_for_operation
from guidelines.services import criterion_reword
from requests.models import AssistanceRequest
from requests.selectors import assessment_rows

from .conftest import answer_all

S = AssistanceRequest.Status


def test_rewording_a_criterion_leaves_an_assessed_request_as_answered(cast, make_request, client_for):
    # given a request assessed under the first wording
    assessed = make_request(status=S.UNDER_REVIEW)
    answer_all(assessed, cast.officer)
    old = criteria_for_operation(cast.operation)[0]
    # when the criterion is reworded
    criterion_reword(
        criterion=old.criterion,
        title="No civilian alternative, tried and documented",
        text="New text.",
        actor=cast.officer,
    )
    # then the assessed request still shows the wording it answered: same title, text and version
    row = assessment_rows(assessed)[0]
    assert (row.version.pk, row.version.title, row.version.text, row.version.version) == (
        old.pk,
        old.title,
        old.text,
        1,
    )
    html = client_for(cast.officer).get(assessed.get_absolute_url()).content.decode()
    assert old.title in html and "tried and documented" not in html
    # and a new request gets the new wording
    fresh = make_request(status=S.DRAFT)
    row = assessment_rows(fresh)[0]
    assert (row.version.title, row.version.version) == ("No civilian alternative, tried and documented", 2)
    assert "tried and documented" in client_for(cast.officer).get(fresh.get_absolute_url()).content.decode()


def test_each_criterion_links_to_its_guideline(cast, make_request, client_for):
    rfa = make_request()
    html = client_for(cast.officer).get(rfa.get_absolute_url()).content.decode()
    guideline = criteria_for_operation(cast.operation)[0].criterion.guideline
    assert f'href="{guideline.get_absolute_url()}#criterion-no_civilian_alternative"' in html


def test_a_complex_emergency_asks_the_stricter_seventh_criterion(cast, make_request):
    rfa = make_request(operation=cast.other_operation)
    codes = [row.code for row in assessment_rows(rfa)]
    assert len(codes) == 7 and codes[-1] == "no_direct_assistance_neutrality"


def test_answers_are_one_per_criterion(cast, make_request):
    rfa = make_request()
    answer_all(rfa, cast.officer)
    answer_all(rfa, cast.officer, answer="unclear")
    assert rfa.answers.count() == 6
    assert set(rfa.answers.values_list("answer", flat=True)) == {"unclear"}
