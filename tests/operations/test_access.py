"""Who reaches each page and endpoint of running an operation: allowed, or 404 (and nothing changes)."""

import pytest
from django.urls import reverse

from cmcoord.models import AuditEvent, Membership
from operations.models import Invitation

OFFICER_ONLY = {"officer"}
RUNNERS = {"officer", "manager"}
EVERYONE = [
    "officer",
    "manager",
    "requester",
    "hct_member",
    "hc",
    "liaison",
    "observer",
    "outsider",
    "other_officer",
]


def _user(cast, manager, who):
    return manager if who == "manager" else getattr(cast, who)


@pytest.fixture
def invitation(cast):
    return Invitation.objects.create(
        operation=cast.operation,
        email="new@ocha.example",
        role="cmcoord_officer",
        organization=cast.ocha,
        token_hash="b" * 64,
        invited_by=cast.officer,
        expires_at="2026-12-31T00:00Z",
    )


PAGES = [
    ("operations:create", lambda c: [], {"manager"}),
    ("operations:detail", lambda c: [c.operation.pk], RUNNERS),
    ("operations:edit", lambda c: [c.operation.pk], RUNNERS),
    ("operations:close", lambda c: [c.operation.pk], RUNNERS),
    ("operations:handover", lambda c: [c.operation.pk], RUNNERS),
    ("operations:people", lambda c: [c.operation.pk], RUNNERS),
    ("operations:organizations", lambda c: [c.operation.pk], OFFICER_ONLY),
    ("operations:organization-create", lambda c: [c.operation.pk], OFFICER_ONLY),
    ("operations:organization-edit", lambda c: [c.operation.pk, c.wfp.pk], OFFICER_ONLY),
    ("operations:organization-deactivate", lambda c: [c.operation.pk, c.wfp.pk], OFFICER_ONLY),
    ("operations:record", lambda c: [c.operation.pk], OFFICER_ONLY),
    ("operations:record-csv", lambda c: [c.operation.pk], OFFICER_ONLY),
]


@pytest.mark.parametrize("name, args, allowed", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("who", EVERYONE)
def test_each_page_is_for_those_who_run_the_operation(cast, manager, client_for, name, args, allowed, who):
    response = client_for(_user(cast, manager, who)).get(reverse(name, args=args(cast)))
    assert response.status_code == (200 if who in allowed else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_operations_list_and_the_current_link(cast, manager, client_for, who):
    client = client_for(_user(cast, manager, who))
    listed = client.get(reverse("operations:list")).status_code
    assert listed == (200 if who in {"officer", "manager", "other_officer"} else 404)
    current = client.get(reverse("operations:current"))
    assert current.status_code == (302 if who in {"officer", "other_officer"} else 404)


def test_the_record_of_another_operation_is_404_for_its_officer(cast, client_for):
    assert (
        client_for(cast.other_officer).get(reverse("operations:record", args=[cast.operation.pk])).status_code
        == 404
    )
    assert (
        client_for(cast.officer).get(reverse("operations:record", args=[cast.other_operation.pk])).status_code
        == 404
    )


API_READS = [
    ("/api/v1/operations/{op}/", RUNNERS | {"requester", "hct_member", "hc", "liaison", "observer"}),
    ("/api/v1/operations/{op}/organizations/", OFFICER_ONLY),
    ("/api/v1/operations/{op}/memberships/", RUNNERS),
    ("/api/v1/operations/{op}/invitations/", RUNNERS),
]


@pytest.mark.parametrize("url, allowed", API_READS, ids=[u for u, _ in API_READS])
@pytest.mark.parametrize("who", EVERYONE)
def test_each_api_read_is_allowed_or_404(cast, manager, api_for, url, allowed, who):
    response = api_for(_user(cast, manager, who)).get(url.format(op=cast.operation.pk))
    assert response.status_code == (200 if who in allowed else 404)
    if response.status_code == 404:
        assert response.json()["code"] == "not_found"


def _api_writes(cast, invitation):
    op = cast.operation.pk
    membership = Membership.objects.get(user=cast.observer, operation=cast.operation)
    return [
        ("patch", f"/api/v1/operations/{op}/", {"name": "Renamed"}, RUNNERS),
        ("post", f"/api/v1/operations/{op}/close/", {"reason": "x"}, RUNNERS),
        ("post", f"/api/v1/operations/{op}/reopen/", {"reason": "x"}, RUNNERS),
        (
            "post",
            f"/api/v1/operations/{op}/organizations/",
            {"name": "New NGO", "type": "ingo"},
            OFFICER_ONLY,
        ),
        ("patch", f"/api/v1/operations/{op}/organizations/{cast.wfp.pk}/", {"acronym": "W"}, OFFICER_ONLY),
        ("post", f"/api/v1/operations/{op}/organizations/{cast.unicef.pk}/deactivate/", {}, OFFICER_ONLY),
        (
            "patch",
            f"/api/v1/operations/{op}/memberships/{membership.pk}/",
            {"role": "hct_member"},
            OFFICER_ONLY,
        ),
        ("delete", f"/api/v1/operations/{op}/memberships/{membership.pk}/", None, OFFICER_ONLY),
        (
            "post",
            f"/api/v1/operations/{op}/invitations/",
            {"email": "z@ocha.example", "organization": cast.ocha.pk, "role": "cmcoord_officer"},
            RUNNERS,
        ),
        ("post", f"/api/v1/operations/{op}/invitations/{invitation.pk}/resend/", {}, RUNNERS),
        ("post", f"/api/v1/operations/{op}/invitations/{invitation.pk}/withdraw/", {}, RUNNERS),
        ("post", f"/api/v1/operations/{op}/users/{cast.observer.pk}/deactivate/", {}, OFFICER_ONLY),
    ]


WRITE_IDS = [
    "edit",
    "close",
    "reopen",
    "org-create",
    "org-edit",
    "org-deactivate",
    "role-change",
    "role-revoke",
    "invite",
    "resend",
    "withdraw",
    "user-deactivate",
]


@pytest.mark.parametrize("index", range(len(WRITE_IDS)), ids=WRITE_IDS)
@pytest.mark.parametrize("who", [w for w in EVERYONE if w not in ("officer",)])
def test_each_api_write_is_404_for_those_who_may_not_and_changes_nothing(
    cast, manager, api_for, invitation, index, who
):
    method, url, data, allowed = _api_writes(cast, invitation)[index]
    if who in allowed:  # an operations manager: reached (the flows' tests check what it does)
        response = getattr(api_for(manager), method)(url, data, format="json")
        assert response.status_code in (200, 201, 409), response.content
        return
    before = (
        AuditEvent.objects.count(),
        Membership.objects.count(),
        Invitation.objects.values_list("status", "sent_at").get(),
    )
    response = getattr(api_for(_user(cast, manager, who)), method)(url, data, format="json")
    assert response.status_code == 404, (who, url, response.content)
    after = (
        AuditEvent.objects.count(),
        Membership.objects.count(),
        Invitation.objects.values_list("status", "sent_at").get(),
    )
    assert after == before
