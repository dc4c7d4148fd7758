"""Opening, editing, closing and reopening an operation: who may, what bad input gets, what is recorded."""

import datetime

import pytest
from django.urls import reverse

from cmcoord.exceptions import DomainError, OperationClosed
from cmcoord.models import AuditEvent, Operation
from operations import services
from requests.models import AssistanceRequest, Task
from requests.services.rfa import request_create
from tests.requests.conftest import LEG, request_data

FLOODS = {
    "name": "Floods — Malawi",
    "code": "mwi",
    "country": "Malawi",
    "context": "natural_disaster",
    "time_zone": "Africa/Blantyre",
    "start_date": "2026-11-20",
}


def _draft(cast, operation=None):
    return request_create(
        operation=operation or cast.operation,
        actor=cast.requester,
        organization=cast.wfp,
        data=request_data(),
        legs=[LEG],
    )


def test_an_operations_manager_opens_an_operation_from_the_page(cast, manager, client_for):
    response = client_for(manager).post(reverse("operations:create"), FLOODS)
    operation = Operation.objects.get(code="MWI")
    assert response.status_code == 302 and response.url == reverse("operations:people", args=[operation.pk])
    assert (operation.name, operation.time_zone, operation.status) == (
        "Floods — Malawi",
        "Africa/Blantyre",
        "active",
    )
    event = AuditEvent.objects.get(verb="operation.create")
    assert (event.actor, event.operation) == (manager, operation)


@pytest.mark.parametrize("who", ["officer", "requester", "hc", "liaison", "observer", "outsider"])
def test_nobody_else_opens_an_operation(cast, client_for, api_for, who):
    user = getattr(cast, who)
    assert client_for(user).get(reverse("operations:create")).status_code == 404
    assert client_for(user).post(reverse("operations:create"), FLOODS).status_code == 404
    response = api_for(user).post("/api/v1/operations/", FLOODS, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Operation.objects.filter(code="MWI").exists()


def test_a_duplicate_code_or_a_bad_time_zone_is_refused_with_nothing_changed(
    cast, manager, client_for, api_for
):
    before = AuditEvent.objects.count()
    page = client_for(manager).post(reverse("operations:create"), {**FLOODS, "code": "MOZ"})
    assert page.status_code == 400 and "Another operation already uses this code." in page.content.decode()
    api = api_for(manager).post("/api/v1/operations/", {**FLOODS, "code": "moz"}, format="json")
    assert api.status_code == 400
    assert api.json()["code"] == "invalid" and "code" in api.json()["fields"]
    bad_zone = api_for(manager).post(
        "/api/v1/operations/", {**FLOODS, "time_zone": "Mars/Olympus"}, format="json"
    )
    assert bad_zone.status_code == 400 and "time_zone" in bad_zone.json()["fields"]
    assert Operation.objects.count() == 2 and AuditEvent.objects.count() == before


def test_an_officer_edits_their_operation_and_the_change_is_recorded(cast, client_for):
    data = {f: getattr(cast.operation, f) for f in ("name", "code", "country", "context", "start_date")}
    data.update(time_zone="Africa/Maputo", name="Cyclone Idai response — Mozambique")
    response = client_for(cast.officer).post(reverse("operations:edit", args=[cast.operation.pk]), data)
    assert response.status_code == 302
    cast.operation.refresh_from_db()
    assert cast.operation.name == "Cyclone Idai response — Mozambique"
    event = AuditEvent.objects.get(verb="operation.update")
    assert event.data["changes"]["time_zone"] == ["UTC", "Africa/Maputo"]
    # an officer of another operation may not
    other = client_for(cast.other_officer).post(reverse("operations:edit", args=[cast.operation.pk]), data)
    assert other.status_code == 404


def test_closing_needs_a_reason_and_refuses_while_a_force_has_an_open_task(cast):
    rfa = _draft(cast)
    AssistanceRequest.objects.filter(pk=rfa.pk).update(status="tasked")
    Task.objects.create(
        request=rfa, force=cast.force, poc=cast.requester, poc_name="Luis", tasked_by=cast.officer
    )
    with pytest.raises(Exception) as no_reason:
        services.operation_close(operation=cast.operation, actor=cast.officer, reason=" ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(DomainError) as refused:
        services.operation_close(
            operation=cast.operation, actor=cast.officer, reason="Response over", cancel_open_requests=True
        )
    assert refused.value.code == "open_tasks"
    cast.operation.refresh_from_db()
    rfa.refresh_from_db()
    assert cast.operation.status == "active" and rfa.status == "tasked"
    assert not AuditEvent.objects.filter(verb__in=["operation.close", "request.cancel"]).exists()


def test_closing_refuses_open_requests_unless_the_officer_cancels_them_with_the_reason(cast, client_for):
    rfa = _draft(cast)
    page = client_for(cast.officer)
    url = reverse("operations:close", args=[cast.operation.pk])
    listed = page.get(url).content.decode()
    assert rfa.reference in listed
    refused = page.post(url, {"reason": "The response is over."})
    assert refused.status_code == 400 and "1 requests are still open" in refused.content.decode()
    assert Operation.objects.get(pk=cast.operation.pk).status == "active"

    response = page.post(url, {"reason": "The response is over.", "cancel_open_requests": "on"})
    assert response.status_code == 302
    cast.operation.refresh_from_db()
    rfa.refresh_from_db()
    assert cast.operation.status == "closed" and cast.operation.end_date is not None
    assert rfa.status == "cancelled"
    cancel = AuditEvent.objects.get(verb="request.cancel", to_state="cancelled")
    assert cancel.comment == "The response is over."
    close = AuditEvent.objects.get(verb="operation.close")
    assert (close.comment, close.data["cancelled_requests"]) == ("The response is over.", [rfa.reference])
    # the requester is told, with the reason
    from cmcoord.models import Notification

    assert Notification.objects.filter(recipient=cast.requester, operation=cast.operation).exists()


def test_a_closed_operation_is_reopened_with_a_reason_and_it_is_recorded(cast, client_for, api_for):
    services.operation_close(operation=cast.operation, actor=cast.officer, reason="Over")
    with pytest.raises(OperationClosed):
        _draft(cast)
    missing = api_for(cast.officer).post(f"/api/v1/operations/{cast.operation.pk}/reopen/", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["fields"]
    response = api_for(cast.officer).post(
        f"/api/v1/operations/{cast.operation.pk}/reopen/", {"reason": "Second cyclone"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "active"
    event = AuditEvent.objects.get(verb="operation.reopen")
    assert (event.from_state, event.to_state, event.comment) == ("closed", "active", "Second cyclone")
    assert _draft(cast).status == "draft"
    again = api_for(cast.officer).post(
        f"/api/v1/operations/{cast.operation.pk}/reopen/", {"reason": "Twice"}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "not_closed"


def test_the_hand_over_report_counts_requests_by_outcome_decisions_tasks_and_contacts(cast, client_for):
    _draft(cast)
    cancelled = _draft(cast)
    AssistanceRequest.objects.filter(pk=cancelled.pk).update(status="cancelled")
    html = (
        client_for(cast.officer)
        .get(reverse("operations:handover", args=[cast.operation.pk]))
        .content.decode()
    )
    assert "<tr><td>Draft</td><td>1</td></tr>" in html and "<tr><td>Cancelled</td><td>1</td></tr>" in html
    assert 'id="contacts-count">0<' in html
    assert '<th scope="row">Total</th><td>2</td>' in html
    assert (
        client_for(cast.requester).get(reverse("operations:handover", args=[cast.operation.pk])).status_code
        == 404
    )


def test_a_manager_sees_every_operation_in_the_list_and_an_officer_only_theirs(
    cast, manager, client_for, api_for
):
    listed = api_for(manager).get("/api/v1/operations/").json()["results"]
    assert sorted(o["code"] for o in listed) == ["HTI", "MOZ"]
    assert [o["code"] for o in api_for(cast.officer).get("/api/v1/operations/").json()["results"]] == ["MOZ"]
    html = client_for(cast.officer).get(reverse("operations:list")).content.decode()
    assert "Cyclone response" in html and "Earthquake response" not in html
    assert client_for(cast.requester).get(reverse("operations:list")).status_code == 404
    # the manager holds no role: the operation's requests stay out of reach
    assert client_for(manager).get(reverse("requests:list")).status_code == 404
    assert api_for(manager).get("/api/v1/requests/").json()["count"] == 0


def test_an_operation_is_never_deleted_through_the_api(cast, manager, api_for):
    response = api_for(manager).delete(f"/api/v1/operations/{cast.operation.pk}/")
    assert response.status_code == 405 and Operation.objects.filter(pk=cast.operation.pk).exists()


def test_edit_dates_must_be_in_order(cast, api_for):
    response = api_for(cast.officer).patch(
        f"/api/v1/operations/{cast.operation.pk}/",
        {"end_date": (cast.operation.start_date - datetime.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "end_date" in response.json()["fields"]
    assert not AuditEvent.objects.filter(verb="operation.update").exists()


def test_a_military_user_is_never_an_operations_manager(cast, client_for):
    from django.core.exceptions import ValidationError

    cast.liaison.is_operations_manager = True
    with pytest.raises(ValidationError) as refused:
        cast.liaison.full_clean()
    assert refused.value.error_dict["is_operations_manager"][0].code == "military_operations_manager"
    cast.liaison.save(update_fields=["is_operations_manager"])  # even if set behind the model's back
    assert client_for(cast.liaison).get(reverse("operations:create")).status_code == 404
