import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cmcoord.models import AuditEvent, Membership, Organization, Role
from cmcoord.services import membership_set
from tests.factories import UserFactory

HUMANITARIAN = [Role.CMCOORD_OFFICER, Role.REQUESTER, Role.HCT_MEMBER, Role.HC, Role.OBSERVER]


@pytest.mark.parametrize("role", HUMANITARIAN)
def test_military_user_cannot_be_given_a_humanitarian_role_by_the_service(cast, role):
    soldier = UserFactory(username="soldier", organization=cast.force)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as err:
        membership_set(operation=cast.operation, user=soldier, role=role, actor=cast.officer)

    assert "military liaison" in str(err.value)
    assert not Membership.objects.filter(user=soldier).exists()
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("role", HUMANITARIAN)
def test_military_user_cannot_be_given_a_humanitarian_role_by_the_database(cast, role):
    soldier = UserFactory(username="soldier", organization=cast.force)

    with pytest.raises(IntegrityError, match="military liaison"), transaction.atomic():
        Membership.objects.create(user=soldier, operation=cast.operation, role=role)

    assert not Membership.objects.filter(user=soldier).exists()


def test_database_refuses_changing_a_liaison_into_a_humanitarian_role(cast):
    membership = Membership.objects.get(user=cast.liaison, operation=cast.operation)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(role=Role.HCT_MEMBER)

    membership.refresh_from_db()
    assert membership.role == Role.MILITARY_LIAISON


def test_humanitarian_user_cannot_be_military_liaison(cast):
    with pytest.raises(ValidationError):
        membership_set(
            operation=cast.operation, user=cast.outsider, role=Role.MILITARY_LIAISON, actor=cast.officer
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.outsider, operation=cast.operation, role=Role.MILITARY_LIAISON)


def test_database_refuses_moving_a_humanitarian_member_into_a_military_organisation(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(cast.requester).objects.filter(pk=cast.requester.pk).update(organization=cast.force)

    cast.requester.refresh_from_db()
    assert cast.requester.organization == cast.wfp


def test_database_refuses_turning_an_organisation_with_humanitarian_members_military(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=cast.wfp.pk).update(type=Organization.Type.FOREIGN_MILITARY)

    cast.wfp.refresh_from_db()
    assert not cast.wfp.is_military


def test_member_must_belong_to_an_organisation(cast):
    loner = UserFactory(username="loner", organization=None)
    with pytest.raises(ValidationError):
        membership_set(operation=cast.operation, user=loner, role=Role.OBSERVER, actor=cast.officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=loner, operation=cast.operation, role=Role.OBSERVER)


def test_membership_set_records_the_change_in_the_audit_log(cast):
    user = UserFactory(username="newcomer", organization=cast.unicef)

    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
    membership_set(operation=cast.operation, user=user, role=Role.HCT_MEMBER, actor=cast.officer)

    membership = Membership.objects.get(user=user, operation=cast.operation)
    events = list(AuditEvent.objects.for_object(membership))
    assert [(e.from_state, e.to_state) for e in events] == [("", "observer"), ("observer", "hct_member")]
    assert all(e.actor == cast.officer and e.operation == cast.operation for e in events)


def test_community_follows_from_the_organisation_type():
    military = {t for t in Organization.Type if Organization(type=t).is_military}
    assert military == {
        Organization.Type.NATIONAL_ARMED_FORCES,
        Organization.Type.FOREIGN_MILITARY,
        Organization.Type.CIVIL_DEFENCE,
        Organization.Type.PEACEKEEPING,
    }
