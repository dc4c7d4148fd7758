"""The requests API: create, update while editable, one POST per action (409 when refused), events, schema."""

import datetime

from django.utils import timezone

from cmcoord.models import AuditEvent
from requests.models import AssistanceRequest

from .conftest import answer_all

S = AssistanceRequest.Status


def payload(cast, **overrides):
    today = timezone.localdate()
    body = {
        "operation": cast.operation.pk,
        "title": "Airlift to Buzi",
        "capability": "air_transport",
        "assistance_type": "indirect",
        "description": "Food for 15,000 people.",
        "required_by": str(today + datetime.timedelta(days=1)),
        "latest_acceptable": str(today + datetime.timedelta(days=4)),
        "priority": "life_saving",
        "legs": [
            {
                "from_name": "Beira",
                "from_lat": "-19.8",
                "from_lon": "34.9",
                "to_name": "Buzi",
                "to_lat": "-19.87",
                "to_lon": "34.62",
            },
            {
                "from_name": "Buzi",
                "from_lat": "-19.87",
                "from_lon": "34.62",
                "to_name": "Guara-Guara",
                "to_lat": "-19.65",
                "to_lon": "34.38",
            },
        ],
    }
    body.update(overrides)
    return body


def test_a_requester_creates_a_draft_for_their_organisation(cast, api_for):
    response = api_for(cast.requester).post("/api/v1/requests/", payload(cast), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["organization"] == cast.wfp.pk
    assert body["reference"].startswith("MOZ-") and len(body["legs"]) == 2
    assert body["requesting_officer"] == cast.requester.get_full_name()


def test_invalid_input_is_400_with_fields_and_nothing_saved(cast, api_for):
    api = api_for(cast.requester)
    bad_dates = api.post("/api/v1/requests/", payload(cast, latest_acceptable="2020-01-01"), format="json")
    assert bad_dates.status_code == 400
    assert bad_dates.json() == {
        "code": "invalid",
        "detail": "The input is not valid.",
        "fields": {
            "latest_acceptable": ["The latest acceptable date cannot be before the required-by date."]
        },
    }
    legs = payload(cast)["legs"]
    legs[0]["from_lat"] = "-91"
    legs[1]["to_lon"] = "200"
    bad_coords = api.post("/api/v1/requests/", payload(cast, legs=legs), format="json")
    assert bad_coords.status_code == 400
    assert bad_coords.json()["fields"] == {
        "legs.0.from_lat": ["Must be between -90 and 90."],
        "legs.1.to_lon": ["Must be between -180 and 180."],
    }
    no_leg = api.post("/api/v1/requests/", payload(cast, legs=[]), format="json")
    assert no_leg.json()["fields"]["legs"] == ["Give at least one leg: where from and where to."]
    negative = api.post("/api/v1/requests/", payload(cast, cargo_weight_kg="-1"), format="json")
    assert "cargo_weight_kg" in negative.json()["fields"]
    other_org = api.post("/api/v1/requests/", payload(cast, organization_id=cast.unicef.pk), format="json")
    assert other_org.status_code == 400
    assert not AssistanceRequest.objects.exists()


def test_roles_that_cannot_create_are_refused(cast, api_for):
    assert api_for(cast.observer).post("/api/v1/requests/", payload(cast), format="json").status_code == 403
    assert api_for(cast.liaison).post("/api/v1/requests/", payload(cast), format="json").status_code == 403
    assert (
        api_for(cast.other_officer).post("/api/v1/requests/", payload(cast), format="json").status_code == 404
    )
    assert not AssistanceRequest.objects.exists()


def test_update_only_while_editable(cast, make_request, api_for):
    draft = make_request(status=S.DRAFT)
    api = api_for(cast.requester)
    changed = api.patch(f"/api/v1/requests/{draft.pk}/", {"title": "New title"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "New title"
    assert changed.json()["status"] == "draft"
    status_ignored = api.patch(f"/api/v1/requests/{draft.pk}/", {"status": "approved"}, format="json")
    assert status_ignored.json()["status"] == "draft"
    submitted = make_request(status=S.SUBMITTED)
    refused = api.patch(f"/api/v1/requests/{submitted.pk}/", {"title": "Sneaky"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "not_editable"
    submitted.refresh_from_db()
    assert submitted.title == "Airlift of food to Buzi"


def test_each_action_has_an_endpoint_and_a_refusal_is_409_with_a_code(cast, make_request, api_for):
    rfa = make_request(status=S.DRAFT)
    officer, requester = api_for(cast.officer), api_for(cast.requester)
    assert (
        requester.post(f"/api/v1/requests/{rfa.pk}/submit/", {}, format="json").json()["status"]
        == "submitted"
    )
    refused = officer.post(f"/api/v1/requests/{rfa.pk}/put_to_hct/", {}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_allowed_in_state"
    assert refused.json()["fields"] == {}
    assert officer.post(f"/api/v1/requests/{rfa.pk}/start_review/", {}).json()["status"] == "under_review"
    incomplete = officer.post(f"/api/v1/requests/{rfa.pk}/put_to_hct/", {})
    assert incomplete.status_code == 409 and incomplete.json()["code"] == "assessment_incomplete"
    answer_all(rfa, cast.officer)
    assert officer.post(f"/api/v1/requests/{rfa.pk}/put_to_hct/", {}).json()["status"] == "with_hct"
    stale = officer.post(
        f"/api/v1/requests/{rfa.pk}/cancel/", {"comment": "x", "expected_status": "under_review"}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "concurrent_change"
    no_reason = officer.post(f"/api/v1/requests/{rfa.pk}/cancel/", {})
    assert no_reason.json()["code"] == "comment_required"
    assert (
        officer.post(f"/api/v1/requests/{rfa.pk}/cancel/", {"comment": "Civilian option found."}).status_code
        == 200
    )
    events = officer.get(f"/api/v1/requests/{rfa.pk}/events/").json()
    assert [e["verb"] for e in events if e["from_state"]] == [
        "request.submit",
        "request.start_review",
        "request.put_to_hct",
        "request.cancel",
    ]
    assert events[-1]["comment"] == "Civilian option found."
    assert events[-1]["actor"] == str(cast.officer)
    # the HCT keeps seeing the request it was given, even cancelled
    assert api_for(cast.hct_member).get(f"/api/v1/requests/{rfa.pk}/").status_code == 200


def test_withdraw_by_another_organisation_is_404_and_changes_nothing(cast, make_request, api_for):
    rfa = make_request(status=S.SUBMITTED)
    before = AuditEvent.objects.count()
    assert (
        api_for(cast.requester_other_org).post(f"/api/v1/requests/{rfa.pk}/withdraw/", {}).status_code == 404
    )
    assert api_for(cast.observer).post(f"/api/v1/requests/{rfa.pk}/withdraw/", {}).status_code == 409
    rfa.refresh_from_db()
    assert rfa.status == S.SUBMITTED and AuditEvent.objects.count() == before


def test_withdraw_through_the_api_asks_for_a_reason_from_the_list(cast, make_request, api_for):
    rfa = make_request(status=S.SUBMITTED, org=cast.wfp)
    api = api_for(cast.requester)
    url = f"/api/v1/requests/{rfa.pk}/withdraw/"
    missing = api.post(url, {}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (409, "reason_required")
    unknown = api.post(url, {"reason": "bored"}, format="json")
    assert unknown.status_code == 400 and "reason" in unknown.json()["fields"]
    rfa.refresh_from_db()
    assert (rfa.status, rfa.withdrawal_reason) == (S.SUBMITTED, "")

    done = api.post(url, {"reason": "civilian_means", "comment": "Trucks found."}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    rfa.refresh_from_db()
    assert rfa.withdrawal_reason == "civilian_means"


def test_the_assessment_endpoint_reads_and_records_answers(cast, make_request, api_for):
    from guidelines.selectors import criteria_for_operation

    rfa = make_request(status=S.UNDER_REVIEW)
    first = criteria_for_operation(cast.operation)[0]
    api = api_for(cast.officer)
    rows = api.post(
        f"/api/v1/requests/{rfa.pk}/assessment/",
        [
            {
                "criterion_version": first.pk,
                "answer": "unclear",
                "justification": "Asked UNHAS, no answer yet.",
            }
        ],
        format="json",
    ).json()
    assert len(rows) == 6
    assert (rows[0]["criterion_code"], rows[0]["answer"]) == ("no_civilian_alternative", "unclear")
    assert rows[1]["answer"] is None


def test_list_filters_are_the_pages_filters(cast, make_request, api_for):
    make_request(priority="normal", title="A")
    make_request(priority="life_saving", title="B", status=S.SUBMITTED)
    api = api_for(cast.officer)
    assert [r["title"] for r in api.get("/api/v1/requests/?priority=life_saving").json()["results"]] == ["B"]
    assert [r["title"] for r in api.get("/api/v1/requests/?status=draft").json()["results"]] == ["A"]
    assert api.get(f"/api/v1/requests/?operation={cast.other_operation.pk}").json()["results"] == []


def test_the_openapi_schema_documents_the_actions_with_examples(cast, api_for):
    schema = api_for(cast.officer).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for action in (
        "submit",
        "start_review",
        "return_to_requester",
        "put_to_hct",
        "withdraw",
        "cancel",
        "events",
    ):
        assert f"/api/v1/requests/{{id}}/{action}/" in paths
    submit = paths["/api/v1/requests/{id}/submit/"]["post"]
    assert "409" in submit["responses"]
    assert "examples" in submit["responses"]["409"]["content"]["application/json"]
    create = paths["/api/v1/requests/"]["post"]
    assert "examples" in create["requestBody"]["content"]["application/json"]
