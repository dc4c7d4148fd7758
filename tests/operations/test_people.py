"""Invitations (through the locmem email backend and the accept page), roles and deactivated accounts."""

import datetime

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cmcoord.exceptions import DomainError
from cmcoord.models import AuditEvent, Membership, Role, User
from operations import services
from operations.models import Invitation

from .conftest import invitation_link


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed() -> a context in which what is scheduled on commit (the emails) runs."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _invite(client, cast, committed=None, **overrides):
    data = {
        "email": "new.person@wfp.example",
        "first_name": "Grace",
        "last_name": "Banda",
        "organization": cast.wfp.pk,
        "role": Role.REQUESTER,
        **overrides,
    }
    if committed is None:
        return client.post(reverse("operations:invite", args=[cast.operation.pk]), data)
    with committed():
        return client.post(reverse("operations:invite", args=[cast.operation.pk]), data)


def test_an_officer_invites_by_email_and_the_person_sets_a_password_on_the_accept_page(
    cast, client_for, committed
):
    response = _invite(client_for(cast.officer), cast, committed)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.role, invitation.invited_by) == (
        "pending",
        "requester",
        cast.officer,
    )
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)
    # the email went out after commit, with a link; only the token's digest is stored
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@wfp.example"]
    link = invitation_link("new.person@wfp.example")
    assert link.split("/")[-2] not in invitation.token_hash

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "Set your password" in page.content.decode()
    weak = visitor.post(
        link, {"first_name": "Grace", "last_name": "Banda", "password1": "123", "password2": "123"}
    )
    assert weak.status_code == 400 and not User.objects.filter(email="new.person@wfp.example").exists()
    strong = "river-boat-kits-2026"
    accepted = visitor.post(
        link, {"first_name": "Grace", "last_name": "Banda", "password1": strong, "password2": strong}
    )
    assert accepted.status_code == 302 and accepted.url == reverse("home")
    user = User.objects.get(email="new.person@wfp.example")
    assert (user.username, user.organization, user.get_full_name()) == (
        "new.person@wfp.example",
        cast.wfp,
        "Grace Banda",
    )
    assert Membership.objects.get(user=user, operation=cast.operation).role == Role.REQUESTER
    assert (
        authenticate(
            RequestFactory().post("/accounts/login/"), username="new.person@wfp.example", password=strong
        )
        == user
    )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", user)
    assert AuditEvent.objects.filter(verb="invitation.accept", actor=user).exists()
    # signed in now: home shows the operation
    assert "Cyclone response" in visitor.get(reverse("home")).content.decode()

    # the link is single-use
    again = Client().get(link)
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_a_person_with_an_account_accepts_after_logging_in(cast, client_for, committed):
    # the officer of Mozambique invites Haiti's officer (OCHA) to Mozambique as an observer
    response = _invite(
        client_for(cast.officer),
        cast,
        committed,
        email=cast.other_officer.email.upper(),
        organization=cast.ocha.pk,
        role=Role.OBSERVER,
    )
    assert response.status_code == 302
    link = invitation_link(cast.other_officer.email.lower())
    anonymous = Client().get(link).content.decode()
    assert "log in, then open this link again" in anonymous
    # someone else signed in is refused
    wrong = client_for(cast.requester).post(link)
    assert wrong.status_code == 400 and "log out" in wrong.content.decode()
    ok = client_for(cast.other_officer).post(link)
    assert ok.status_code == 302
    assert Membership.objects.get(user=cast.other_officer, operation=cast.operation).role == Role.OBSERVER
    # their other role is untouched
    assert (
        Membership.objects.get(user=cast.other_officer, operation=cast.other_operation).role
        == Role.CMCOORD_OFFICER
    )


def test_an_expired_or_withdrawn_link_is_refused(cast, client_for, committed):
    _invite(client_for(cast.officer), cast, committed)
    link = invitation_link("new.person@wfp.example")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        page = Client().get(link)
        assert page.status_code == 410 and "expired" in page.content.decode()
        post = Client().post(
            link,
            {
                "first_name": "G",
                "last_name": "B",
                "password1": "river-boat-kits-2026",
                "password2": "river-boat-kits-2026",
            },
        )
        assert post.status_code == 410
    assert not User.objects.filter(email="new.person@wfp.example").exists()
    invitation = Invitation.objects.get()
    client_for(cast.officer).post(
        reverse("operations:invitation-withdraw", args=[cast.operation.pk, invitation.pk])
    )
    assert Invitation.objects.get().status == "withdrawn"
    assert Client().get(link).status_code == 410
    assert Client().get("/operations/invitations/not-a-token/").status_code == 404


def test_resending_gives_a_new_link_and_the_old_one_stops_working(cast, client_for, committed):
    _invite(client_for(cast.officer), cast, committed)
    old = invitation_link("new.person@wfp.example")
    invitation = Invitation.objects.get()
    with committed():
        response = client_for(cast.officer).post(
            reverse("operations:invitation-resend", args=[cast.operation.pk, invitation.pk])
        )
    assert response.status_code == 302 and len(mail.outbox) == 2
    new = invitation_link("new.person@wfp.example")
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


@pytest.mark.parametrize(
    "overrides, field, code",
    [
        ({"organization": "force", "role": Role.REQUESTER}, "role", "military_user_humanitarian_role"),
        ({"role": Role.MILITARY_LIAISON}, "role", "humanitarian_user_military_role"),
        ({"email": "requester@example.org"}, "email", "already_member"),
        ({"organization": "outside"}, "organization", "organisation_not_in"),
    ],
)
def test_bad_invitations_are_refused_with_a_code_and_nothing_changes(cast, api_for, overrides, field, code):
    from tests.factories import OrganizationFactory

    orgs = {"force": cast.force.pk, "outside": OrganizationFactory(name="Outside NGO").pk}
    data = {"email": "new.person@wfp.example", "organization": cast.wfp.pk, "role": Role.REQUESTER}
    data.update({k: orgs.get(v, v) if k == "organization" else v for k, v in overrides.items()})
    before = AuditEvent.objects.count()
    response = api_for(cast.officer).post(
        f"/api/v1/operations/{cast.operation.pk}/invitations/", data, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not Invitation.objects.exists() and AuditEvent.objects.count() == before and not mail.outbox
    with pytest.raises(Exception) as raised:
        services.invitation_create(
            operation=cast.operation,
            actor=cast.officer,
            email=data["email"],
            role=data["role"],
            organization=type(cast.wfp).objects.get(pk=data["organization"]),
        )
    assert raised.value.error_dict[field][0].code == code


def test_an_address_already_invited_is_refused(cast, client_for, committed, api_for):
    _invite(client_for(cast.officer), cast, committed)
    again = api_for(cast.officer).post(
        f"/api/v1/operations/{cast.operation.pk}/invitations/",
        {"email": "New.Person@wfp.example", "organization": cast.wfp.pk, "role": Role.REQUESTER},
        format="json",
    )
    assert again.status_code == 400 and "already invited" in again.json()["fields"]["email"][0]
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_a_manager_names_officers_only(cast, manager, api_for):
    url = f"/api/v1/operations/{cast.operation.pk}/invitations/"
    requester = api_for(manager).post(
        url, {"email": "x@wfp.example", "organization": cast.wfp.pk, "role": "requester"}, format="json"
    )
    assert requester.status_code == 400 and "role" in requester.json()["fields"]
    officer = api_for(manager).post(
        url,
        {"email": "x@ocha.example", "organization": cast.ocha.pk, "role": "cmcoord_officer"},
        format="json",
    )
    assert officer.status_code == 201
    # and sees only the officers among the people
    people = api_for(manager).get(f"/api/v1/operations/{cast.operation.pk}/memberships/").json()["results"]
    assert {m["role"] for m in people} == {"cmcoord_officer"}


def test_an_officer_changes_and_revokes_roles_and_the_military_rule_holds(cast, client_for, api_for):
    membership = Membership.objects.get(user=cast.observer, operation=cast.operation)
    url = reverse("operations:membership", args=[cast.operation.pk, membership.pk])
    client_for(cast.officer).post(url, {"role": Role.HCT_MEMBER})
    membership.refresh_from_db()
    assert membership.role == Role.HCT_MEMBER
    assert AuditEvent.objects.filter(
        verb="membership.set", from_state="observer", to_state="hct_member"
    ).exists()
    # a military person cannot get a humanitarian role, nor a humanitarian one the liaison role
    liaison = Membership.objects.get(user=cast.liaison, operation=cast.operation)
    refused = api_for(cast.officer).patch(
        f"/api/v1/operations/{cast.operation.pk}/memberships/{liaison.pk}/",
        {"role": "requester"},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert Membership.objects.get(pk=liaison.pk).role == Role.MILITARY_LIAISON
    # revoke
    client_for(cast.officer).post(url, {"revoke": "1"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(verb="membership.remove").exists()


def test_the_last_officer_cannot_remove_their_own_role(cast, client_for, api_for):
    mine = Membership.objects.get(user=cast.officer, operation=cast.operation)
    response = client_for(cast.officer).post(
        reverse("operations:membership", args=[cast.operation.pk, mine.pk]), {"revoke": "1"}, follow=True
    )
    assert "last CMCoord officer" in response.content.decode()
    api = api_for(cast.officer).patch(
        f"/api/v1/operations/{cast.operation.pk}/memberships/{mine.pk}/", {"role": "observer"}, format="json"
    )
    assert api.status_code == 409 and api.json()["code"] == "last_officer"
    assert Membership.objects.get(pk=mine.pk).role == Role.CMCOORD_OFFICER
    # with a second officer, they may
    services.membership_change(
        membership=Membership.objects.get(user=cast.hc, operation=cast.operation),
        role="cmcoord_officer",
        actor=cast.officer,
    )
    with pytest.raises(DomainError):
        services.membership_revoke(
            membership=Membership.objects.get(user=cast.requester, operation=cast.operation),
            actor=cast.requester,
        )
    services.membership_revoke(membership=mine, actor=cast.officer)
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_a_deactivated_person_cannot_log_in_and_stays_on_record(cast, client_for, api_for):
    response = client_for(cast.officer).post(
        reverse("operations:user-active", args=[cast.operation.pk, cast.requester.pk]), {"active": "0"}
    )
    assert response.status_code == 302
    cast.requester.refresh_from_db()
    assert not cast.requester.is_active
    assert (
        authenticate(RequestFactory().post("/accounts/login/"), username="requester", password="pw") is None
    )
    assert Membership.objects.filter(user=cast.requester, operation=cast.operation).exists()
    assert AuditEvent.objects.filter(verb="user.deactivate", object_id=str(cast.requester.pk)).exists()
    # a session already open is ended too
    # The login page refuses it (Client.login would bypass the page and its lockout backend).
    refused = Client().post(reverse("login"), {"username": "requester", "password": "pw"})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    # reactivated
    api_for(cast.officer).post(
        f"/api/v1/operations/{cast.operation.pk}/users/{cast.requester.pk}/reactivate/"
    )
    cast.requester.refresh_from_db()
    assert cast.requester.is_active


def test_an_officer_cannot_deactivate_someone_of_operations_they_do_not_run_or_themselves(cast, api_for):
    from tests.factories import MembershipFactory

    MembershipFactory(user=cast.requester, operation=cast.other_operation, role=Role.REQUESTER)
    cast.other_operation.organizations.add(cast.wfp)
    elsewhere = api_for(cast.officer).post(
        f"/api/v1/operations/{cast.operation.pk}/users/{cast.requester.pk}/deactivate/"
    )
    assert elsewhere.status_code == 409 and elsewhere.json()["code"] == "member_elsewhere"
    myself = api_for(cast.officer).post(
        f"/api/v1/operations/{cast.operation.pk}/users/{cast.officer.pk}/deactivate/"
    )
    assert myself.status_code == 409 and myself.json()["code"] == "self"
    assert User.objects.filter(is_active=False).count() == 0


def test_the_people_page_lists_members_with_last_login_and_pending_invitations(cast, client_for, committed):
    User.objects.filter(pk=cast.hc.pk).update(last_login=timezone.now())
    _invite(client_for(cast.officer), cast, committed)
    html = (
        client_for(cast.officer).get(reverse("operations:people", args=[cast.operation.pk])).content.decode()
    )
    assert "new.person@wfp.example" in html and "Resend" in html and "Withdraw" in html
    assert "never" in html and cast.hc.email in html


def test_a_membership_patch_without_a_role_changes_nothing(cast, api_for):
    """Found by the fuzzer once bodies were JSON only: an empty PATCH was a 500."""
    liaison = Membership.objects.get(user=cast.liaison, operation=cast.operation)
    events = AuditEvent.objects.count()
    response = api_for(cast.officer).patch(
        f"/api/v1/operations/{cast.operation.pk}/memberships/{liaison.pk}/", {}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["role"] == Role.MILITARY_LIAISON
    assert Membership.objects.get(pk=liaison.pk).role == Role.MILITARY_LIAISON
    assert AuditEvent.objects.count() == events
