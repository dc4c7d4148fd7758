"""The flow through the services: submit, transmit, acknowledge once, concern, update, withdraw, expire."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cmcoord.exceptions import DomainError, TransitionNotAllowed
from cmcoord.models import AuditEvent, Notification
from deconfliction import lifecycle, services
from deconfliction.models import (
    Acknowledgement,
    Dispatch,
    HumanitarianNotification,
    NotificationVersion,
    Transmission,
)

from .conftest import LEGS, movement_fields

N = HumanitarianNotification.Status
T = Transmission.Status


def test_a_movement_is_submitted_transmitted_and_acknowledged(cast, make_movement, transmit):
    movement = make_movement()
    assert movement.status == N.SUBMITTED
    assert movement.reference == "MOZ-HN-0001"
    assert [leg.to_name for leg in movement.current_version.legs.all()] == ["Dondo", "Nhamatanda"]
    assert Notification.objects.filter(kind="hn.submitted", recipient=cast.officer).count() == 1

    sent = transmit(movement, cast.force, cast.other_force)

    movement.refresh_from_db()
    assert movement.status == N.TRANSMITTED
    assert {t.party for t in sent} == {cast.force, cast.other_force}
    assert all(t.status == T.AWAITING for t in sent)
    to_sandf = Transmission.objects.get(notification=movement, party=cast.force)
    assert to_sandf.last_dispatch.payload["reference"] == "MOZ-HN-0001"
    told = Notification.objects.filter(kind="hn.transmitted")
    assert {n.recipient for n in told} == {cast.liaison, cast.liaison_other_force}

    acknowledgement = services.transmission_acknowledge(transmission=to_sandf, actor=cast.liaison)

    to_sandf.refresh_from_db()
    assert to_sandf.status == T.ACKNOWLEDGED
    assert to_sandf.acknowledged_at == acknowledgement.at
    assert acknowledgement.dispatch_id == to_sandf.last_dispatch_id
    assert acknowledgement.by == cast.liaison
    heard = Notification.objects.filter(kind="hn.acknowledged")
    assert {n.recipient for n in heard} == {cast.officer, cast.requester, cast.requester_same_org}
    verbs = list(AuditEvent.objects.for_object(to_sandf).values_list("verb", "from_state", "to_state"))
    assert verbs == [
        ("hn.transmission.send", "", "awaiting"),
        ("hn.transmission.acknowledge", "awaiting", "acknowledged"),
    ]


def test_acknowledgement_is_recorded_once(cast, make_movement, transmit):
    (transmission,) = transmit(make_movement())
    services.transmission_acknowledge(transmission=transmission, actor=cast.liaison)
    events = AuditEvent.objects.count()

    with pytest.raises(TransitionNotAllowed) as refused:
        services.transmission_acknowledge(transmission=transmission, actor=cast.liaison)

    assert refused.value.code == "not_allowed_in_state"
    assert Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_another_force_cannot_acknowledge(cast, make_movement, transmit):
    (transmission,) = transmit(make_movement(), cast.force)

    with pytest.raises(TransitionNotAllowed) as refused:
        services.transmission_acknowledge(transmission=transmission, actor=cast.liaison_other_force)

    assert refused.value.code == "not_your_force"
    transmission.refresh_from_db()
    assert transmission.status == T.AWAITING
    assert not Acknowledgement.objects.exists()


def test_a_concern_is_sent_back_to_officers_and_submitter(cast, make_site, transmit):
    (transmission,) = transmit(make_site())

    services.transmission_raise_concern(
        transmission=transmission, actor=cast.liaison, text="Active front 2 km east."
    )

    transmission.refresh_from_db()
    assert transmission.status == T.AWAITING  # a concern is not an acknowledgement
    told = Notification.objects.filter(kind="hn.concern")
    assert {n.recipient for n in told} == {cast.officer, cast.requester, cast.requester_same_org}
    assert "Active front 2 km east." in told.first().body_text


def test_an_update_is_a_new_version_and_the_parties_keep_what_they_were_sent(cast, make_site, transmit):
    site = make_site()
    (transmission,) = transmit(site)
    services.transmission_acknowledge(transmission=transmission, actor=cast.liaison)

    services.notification_revise(
        notification=site, actor=cast.requester, fields={**_site(site), "name": "WFP warehouse Beira port"}
    )

    site.refresh_from_db()
    assert site.status == N.SUBMITTED
    assert site.version_count == 2
    assert NotificationVersion.objects.filter(notification=site).count() == 2
    transmission.refresh_from_db()
    assert transmission.last_dispatch.payload["name"] == "WFP warehouse Beira"

    # Transmitting again sends the new version to the party told before, which acknowledges it anew.
    sent = services.notification_transmit(notification=site, actor=cast.officer, parties=[cast.force])
    transmission.refresh_from_db()
    assert [t.pk for t in sent] == [transmission.pk]
    assert transmission.status == T.AWAITING
    assert transmission.acknowledged_at is None
    assert transmission.last_dispatch.payload["name"] == "WFP warehouse Beira port"
    assert transmission.dispatches.count() == 2


def _site(site):
    v = site.current_version
    return {name: getattr(v, name) for name in services.VERSION_FIELDS}


def test_transmitting_the_same_version_again_sends_nothing(cast, make_site, transmit):
    site = make_site()
    transmit(site)
    dispatches = Dispatch.objects.count()

    with pytest.raises(DomainError) as refused:
        transmit(site)

    assert refused.value.code == "nothing_to_send"
    assert Dispatch.objects.count() == dispatches


def test_only_military_organisations_of_the_operation_are_parties(cast, make_site):
    site = make_site()
    with pytest.raises(ValidationError):
        services.notification_transmit(notification=site, actor=cast.officer, parties=[cast.unicef])
    site.refresh_from_db()
    assert site.status == N.SUBMITTED
    assert not Transmission.objects.exists()


@pytest.mark.parametrize("who", ["requester", "observer", "hct_member", "hc", "liaison"])
def test_only_an_officer_transmits(cast, make_site, who):
    site = make_site()
    events = AuditEvent.objects.count()

    with pytest.raises(TransitionNotAllowed) as refused:
        services.notification_transmit(notification=site, actor=getattr(cast, who), parties=[cast.force])

    assert refused.value.code == "role_not_allowed"
    site.refresh_from_db()
    assert site.status == N.SUBMITTED
    assert not Transmission.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_requester_of_another_organisation_cannot_withdraw(cast, make_site):
    site = make_site()
    with pytest.raises(TransitionNotAllowed) as refused:
        services.notification_withdraw(notification=site, actor=cast.requester_other_org)
    assert refused.value.code == "not_your_organisation"
    site.refresh_from_db()
    assert site.status == N.SUBMITTED


def test_a_withdrawn_site_is_kept_and_each_party_told(cast, make_site, transmit):
    site = make_site()
    transmit(site, cast.force, cast.other_force)

    services.notification_withdraw(notification=site, actor=cast.requester, reason="Warehouse closed")

    site.refresh_from_db()
    assert site.status == N.WITHDRAWN
    assert HumanitarianNotification.objects.filter(pk=site.pk).exists()
    assert set(Transmission.objects.values_list("status", flat=True)) == {T.WITHDRAWN}
    assert Dispatch.objects.filter(reason="withdrawn").count() == 2
    told = Notification.objects.filter(kind="hn.withdrawn")
    assert {n.recipient for n in told} == {cast.liaison, cast.liaison_other_force}
    assert "Warehouse closed" not in "".join(n.body_text for n in told)
    # Nothing moves a withdrawn notification any more.
    with pytest.raises(TransitionNotAllowed):
        services.notification_transmit(notification=site, actor=cast.officer, parties=[cast.force])
    with pytest.raises(TransitionNotAllowed):
        services.notification_revise(notification=site, actor=cast.requester, fields=_site(site))


def test_the_table_refuses_every_move_it_does_not_list():
    for aggregate, states, actions in (
        (lifecycle.NOTIFICATION, [s.value for s in N], ["transmit", "revise", "withdraw", "expire"]),
        (lifecycle.TRANSMISSION, [s.value for s in T], ["acknowledge", "raise_concern", "send"]),
    ):
        for state in states:
            for action in actions:
                for role in (
                    lifecycle.OFFICER,
                    lifecycle.REQUESTER,
                    lifecycle.LIAISON,
                    lifecycle.SYSTEM,
                    None,
                ):
                    target = lifecycle.target_for(aggregate, state, action, role)
                    listed = any(
                        m.aggregate == aggregate
                        and m.source == state
                        and m.action == action
                        and role in m.roles
                        for m in lifecycle.MOVES
                    )
                    assert (target is not None) == listed
    assert lifecycle.target_for(lifecycle.NOTIFICATION, N.EXPIRED, "transmit", lifecycle.OFFICER) is None
    assert (
        lifecycle.target_for(lifecycle.TRANSMISSION, T.ACKNOWLEDGED, "acknowledge", lifecycle.LIAISON) is None
    )


def test_a_movement_needs_a_route_and_a_window(cast):
    with pytest.raises(ValidationError) as invalid:
        services.notification_submit(
            operation=cast.operation,
            organization=cast.wfp,
            kind="movement",
            actor=cast.requester,
            fields=movement_fields(ends_at=timezone.now() - datetime.timedelta(days=1)),
            legs=[],
        )
    assert set(invalid.value.message_dict) == {"legs", "ends_at"}
    assert not HumanitarianNotification.objects.exists()


def test_a_requester_notifies_only_for_their_organisation(cast):
    with pytest.raises(TransitionNotAllowed):
        services.notification_submit(
            operation=cast.operation,
            organization=cast.unicef,
            kind="movement",
            actor=cast.requester,
            fields=movement_fields(),
            legs=LEGS,
        )
    assert not HumanitarianNotification.objects.exists()


def test_expiry_moves_the_movement_at_the_end_of_its_window(cast, make_movement, transmit):
    movement = make_movement()
    transmit(movement)
    with time_machine.travel(movement.ends_at - datetime.timedelta(minutes=1)):
        assert services.notification_expire(notification_pk=movement.pk) is False
    with time_machine.travel(movement.ends_at + datetime.timedelta(seconds=1)):
        assert services.notification_expire(notification_pk=movement.pk) is True
        assert services.notification_expire(notification_pk=movement.pk) is False
    movement.refresh_from_db()
    assert movement.status == N.EXPIRED
    event = AuditEvent.objects.for_object(movement).last()
    assert (event.verb, event.actor, event.to_state) == ("hn.notification.expire", None, "expired")


def test_nothing_is_written_in_a_closed_operation(cast, make_site, transmit):
    site = make_site()
    (transmission,) = transmit(site)
    cast.operation.status = "closed"
    cast.operation.save(update_fields=["status"])
    site.operation.refresh_from_db()

    with pytest.raises(TransitionNotAllowed) as refused:
        services.transmission_acknowledge(transmission=transmission, actor=cast.liaison)
    assert refused.value.code == "operation_closed"
    with pytest.raises(TransitionNotAllowed):
        services.notification_withdraw(notification=site, actor=cast.officer)
    transmission.refresh_from_db()
    assert transmission.status == T.AWAITING
