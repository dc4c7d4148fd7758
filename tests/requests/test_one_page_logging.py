"""Logging a request on one page: the assessment answered before submitting, all or nothing; leg rows added
(starting where the previous leg ended) and removed by the server when the page has no script."""

import re

from django.urls import reverse

from cmcoord.models import AuditEvent
from guidelines.selectors import criteria_for_operation
from requests.models import AssistanceRequest

from .test_pages import form_data

S = AssistanceRequest.Status


def answers(operation, answer="met") -> dict:
    data = {}
    for version in criteria_for_operation(operation):
        data[f"answer_{version.criterion.code}"] = answer
        data[f"justification_{version.criterion.code}"] = (
            f"Checked with the cluster: {version.criterion.code}."
        )
    return data


def test_the_new_request_page_asks_the_assessment_with_one_leg_row(cast, client_for):
    html = client_for(cast.requester).get(reverse("requests:create")).content.decode()
    criteria = criteria_for_operation(cast.operation)
    assert criteria and all(f'name="answer_{v.criterion.code}"' in html for v in criteria)
    assert 'name="legs-TOTAL_FORMS" value="1"' in html
    assert 'name="add_leg"' in html and "Save and submit" in html
    assert "/static/js/legs.js" in html and "<script>" not in html


def test_save_and_submit_logs_answers_and_submits_in_one_step(cast, client_for):
    data = form_data(organization=str(cast.wfp.pk), submit="1", **answers(cast.operation))
    response = client_for(cast.requester).post(reverse("requests:create"), data)
    rfa = AssistanceRequest.objects.get()
    assert response.status_code == 302 and response.url == rfa.get_absolute_url()
    assert rfa.status == S.SUBMITTED and rfa.submitted_at is not None
    assert rfa.answers.count() == len(criteria_for_operation(cast.operation))
    verbs = set(AuditEvent.objects.for_object(rfa).values_list("verb", flat=True))
    assert {"request.create", "request.assess"} <= verbs
    assert rfa.legs.count() == 2


def test_an_answer_without_justification_saves_nothing_and_keeps_everything_typed(cast, client_for):
    data = answers(cast.operation)
    first = criteria_for_operation(cast.operation)[0].criterion.code
    data[f"justification_{first}"] = ""
    before = AuditEvent.objects.count()
    response = client_for(cast.requester).post(
        reverse("requests:create"), form_data(organization=str(cast.wfp.pk), submit="1", **data)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Justify the answer." in html
    assert 'value="Boat transport of shelter kits"' in html
    assert not AssistanceRequest.objects.exists() and AuditEvent.objects.count() == before


def test_a_draft_may_be_saved_with_the_assessment_half_answered(cast, client_for):
    partial = answers(cast.operation)
    first = criteria_for_operation(cast.operation)[0].criterion.code
    partial.pop(f"answer_{first}")
    partial.pop(f"justification_{first}")
    response = client_for(cast.requester).post(
        reverse("requests:create"), form_data(organization=str(cast.wfp.pk), **partial)
    )
    rfa = AssistanceRequest.objects.get()
    assert response.status_code == 302 and rfa.status == S.DRAFT
    assert rfa.answers.count() == len(criteria_for_operation(cast.operation)) - 1


def test_without_script_add_a_leg_starts_it_where_the_last_one_ended_and_saves_nothing(cast, client_for):
    data = form_data(organization=str(cast.wfp.pk), add_leg="1")
    data["legs-TOTAL_FORMS"] = "2"
    response = client_for(cast.requester).post(reverse("requests:create"), data)
    assert response.status_code == 200 and not AssistanceRequest.objects.exists()
    html = response.content.decode()
    assert 'name="legs-TOTAL_FORMS" value="3"' in html
    assert re.search(r'name="legs-2-from_name" value="Tica"', html)
    assert re.search(r'name="legs-2-from_lat" value="-19.45"', html)
    assert 'value="Boat transport of shelter kits"' in html
    assert "This field is required" not in html  # nothing was validated yet


def test_without_script_remove_a_leg_takes_that_row_away(cast, client_for):
    data = form_data(organization=str(cast.wfp.pk), remove_leg="0")
    data["legs-TOTAL_FORMS"] = "2"
    html = client_for(cast.requester).post(reverse("requests:create"), data).content.decode()
    assert 'name="legs-TOTAL_FORMS" value="1"' in html
    assert re.search(r'name="legs-0-from_name" value="Nhamatanda"', html)
    assert "Beira port" not in html
    assert not AssistanceRequest.objects.exists()


def test_editing_a_draft_adds_a_leg_without_script_too(cast, client_for):
    client = client_for(cast.requester)
    client.post(reverse("requests:create"), form_data(organization=str(cast.wfp.pk)))
    rfa = AssistanceRequest.objects.get()
    data = form_data(add_leg="1")
    data["legs-TOTAL_FORMS"] = "2"
    html = client.post(reverse("requests:edit", args=[rfa.pk]), data).content.decode()
    assert 'name="legs-TOTAL_FORMS" value="3"' in html
    assert re.search(r'name="legs-2-from_name" value="Tica"', html)
