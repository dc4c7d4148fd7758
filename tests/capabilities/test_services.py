"""Every change of the registry goes through a service, is checked, and is audited in cmcoord's audit log;
bad input changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from capabilities import services
from capabilities.models import Asset
from cmcoord.exceptions import DomainError, TransitionNotAllowed
from cmcoord.models import AuditEvent, Operation

from .conftest import asset_data


def events(asset):
    return list(AuditEvent.objects.for_object(asset).values_list("verb", "from_state", "to_state"))


def test_a_liaison_officer_declares_for_their_force_audited(cast):
    asset = services.asset_declare(
        operation=cast.operation, actor=cast.liaison, force=cast.force, data=asset_data()
    )
    assert asset.force == cast.force and not asset.on_behalf and asset.recorded_by == cast.liaison
    event = AuditEvent.objects.for_object(asset).get()
    assert (event.verb, event.actor, event.operation, event.to_state) == (
        "asset.declare",
        cast.liaison,
        cast.operation,
        "available",
    )
    assert event.data["force"] == cast.force.pk and event.data["description"] == "2 × Oryx helicopters"


def test_an_officer_records_on_a_forces_behalf_marked_as_such(cast):
    asset = services.asset_declare(
        operation=cast.operation,
        actor=cast.officer,
        force=cast.other_force,
        data=asset_data(source="MNCC briefing"),
    )
    assert asset.on_behalf and asset.source == "MNCC briefing"
    assert AuditEvent.objects.for_object(asset).get().data["on_behalf"] is True


@pytest.mark.parametrize(
    ("actor", "force", "data", "field"),
    [
        ("liaison", "other_force", {}, "force"),  # a force declares only its own assets
        ("officer", "wfp", {}, "force"),  # not a military organisation
        ("liaison", "force", {"quantity": 0}, "quantity"),
        ("liaison", "force", {"constraints": ["teleportation"]}, "constraints"),
        ("liaison", "force", {"base_lon": None}, "base_lat"),
        ("liaison", "force", {"available_until": datetime.date(2020, 1, 1)}, "available_until"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(cast, actor, force, data, field):
    with pytest.raises(ValidationError) as error:
        services.asset_declare(
            operation=cast.operation,
            actor=getattr(cast, actor),
            force=getattr(cast, force),
            data=asset_data(**data),
        )
    assert field in error.value.message_dict
    assert not Asset.objects.exists() and not AuditEvent.objects.filter(verb__startswith="asset.").exists()


@pytest.mark.parametrize("actor", ["requester", "hct_member", "hc", "observer", "outsider", "other_officer"])
def test_who_may_not_declare_is_refused(cast, actor):
    with pytest.raises(DomainError):
        services.asset_declare(
            operation=cast.operation, actor=getattr(cast, actor), force=cast.force, data=asset_data()
        )
    assert not Asset.objects.exists()


def test_a_closed_operation_is_read_only(cast, declare):
    asset = declare()
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    cast.operation.refresh_from_db()
    with pytest.raises(DomainError):
        services.asset_declare(
            operation=cast.operation, actor=cast.liaison, force=cast.force, data=asset_data()
        )
    with pytest.raises(DomainError):
        services.asset_update(asset=asset, actor=cast.liaison, data={"quantity": 3})
    assert Asset.objects.count() == 1


def test_an_update_audits_the_changed_fields_only(cast, declare):
    asset = declare()
    services.asset_update(
        asset=asset, actor=cast.liaison, data={"quantity": 3, "description": "2 × Oryx helicopters"}
    )
    event = AuditEvent.objects.for_object(asset).get(verb="asset.update")
    assert event.data == {"changes": {"quantity": [2, 3]}, "on_behalf": False}
    # nothing changed: nothing recorded
    services.asset_update(asset=asset, actor=cast.officer, data={"quantity": 3})
    assert AuditEvent.objects.for_object(asset).filter(verb="asset.update").count() == 1
    services.asset_update(asset=asset, actor=cast.officer, data={"notice_hours": 2})
    assert AuditEvent.objects.for_object(asset).filter(verb="asset.update").last().data["on_behalf"] is True


def test_status_and_authorship_cannot_be_set_through_an_update(cast, declare):
    asset = declare()
    with pytest.raises(ValidationError):
        services.asset_update(asset=asset, actor=cast.liaison, data={"status": "committed"})
    asset.refresh_from_db()
    assert asset.status == "available"


def test_withdraw_and_restore_follow_the_table_and_are_audited(cast, declare):
    asset = declare()
    services.asset_withdraw(asset=asset, actor=cast.liaison, comment="Grounded for maintenance")
    with pytest.raises(TransitionNotAllowed):
        services.asset_withdraw(asset=asset, actor=cast.liaison)
    services.asset_restore(asset=asset, actor=cast.officer)
    assert events(asset) == [
        ("asset.declare", "", "available"),
        ("asset.withdraw", "available", "withdrawn"),
        ("asset.restore", "withdrawn", "available"),
    ]
    assert (
        AuditEvent.objects.for_object(asset).get(verb="asset.withdraw").comment == "Grounded for maintenance"
    )


def test_the_other_forces_liaison_cannot_change_an_asset(cast, declare):
    asset = declare()
    with pytest.raises(DomainError):
        services.asset_withdraw(asset=asset, actor=cast.liaison_other_force)
    with pytest.raises(DomainError):
        services.asset_update(asset=asset, actor=cast.liaison_other_force, data={"quantity": 5})
    asset.refresh_from_db()
    assert asset.status == "available" and asset.quantity == 2 and len(events(asset)) == 1


def test_the_window_of_a_commitment(cast, make_request):
    from tests.requests.hct_helpers import tasked

    today = timezone.localdate()
    _, task = tasked(cast, make_request, duration_days=4)
    start, end = services.task_window(task)
    assert start == today + datetime.timedelta(days=2)  # the required-by date
    assert end == today + datetime.timedelta(days=5)  # the latest acceptable date, beyond 4 days
