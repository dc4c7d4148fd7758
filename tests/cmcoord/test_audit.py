import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from cmcoord.models import AuditEvent, Role
from cmcoord.services import audit_record, membership_set
from tests.conftest import mfa_verified_login
from tests.factories import UserFactory


@pytest.fixture
def event(cast):
    return audit_record(actor=cast.officer, operation=cast.operation, obj=cast.operation, verb="test.event")


def test_an_event_records_actor_operation_object_verb_states_comment_and_time(cast):
    event = audit_record(
        actor=cast.officer,
        operation=cast.operation,
        obj=cast.operation,
        verb="operation.note",
        from_state="a",
        to_state="b",
        comment="why",
    )
    event.refresh_from_db()
    assert (event.actor, event.operation, event.object_id, event.verb) == (
        cast.officer,
        cast.operation,
        str(cast.operation.pk),
        "operation.note",
    )
    assert (event.from_state, event.to_state, event.comment) == ("a", "b", "why")
    assert event.created_at is not None
    assert list(AuditEvent.objects.for_object(cast.operation)) == [event]


def test_events_cannot_be_updated_or_deleted_through_the_orm(event):
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="changed")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_update_and_delete_of_events(event):
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET verb = 'changed' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.verb == "test.event"


def test_the_admin_has_no_add_change_or_delete_path(cast, event):
    admin_user = UserFactory(username="staff", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_the_admin_page_of_an_event_shows_it_read_only(client, cast, event):
    admin_user = UserFactory(username="staff", is_staff=True, is_superuser=True)
    mfa_verified_login(client, admin_user)
    response = client.get(f"/admin/cmcoord/auditevent/{event.pk}/change/")
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert client.post(f"/admin/cmcoord/auditevent/{event.pk}/delete/").status_code == 403


def test_an_event_is_written_in_the_same_transaction_as_the_change(cast):
    user = UserFactory(username="newcomer", organization=cast.unicef)
    before = AuditEvent.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
        raise RuntimeError("the surrounding action fails")

    assert AuditEvent.objects.count() == before
    assert not user.memberships.exists()
