"""The record is indelible: versions, route legs, dispatches, acknowledgements and concerns are refused any
UPDATE or DELETE by the database itself (raw SQL), and by the models."""

import pytest
from django.db import IntegrityError, connection, transaction

from deconfliction import services
from deconfliction.models import Acknowledgement, Concern, Dispatch, NotificationVersion, RouteLeg

TABLES = {
    NotificationVersion: "UPDATE deconfliction_notificationversion SET name = 'changed' WHERE id = %s",
    RouteLeg: "UPDATE deconfliction_routeleg SET to_name = 'changed' WHERE id = %s",
    Dispatch: "UPDATE deconfliction_dispatch SET payload = '{}' WHERE id = %s",
    Acknowledgement: "UPDATE deconfliction_acknowledgement SET at = now() WHERE id = %s",
    Concern: "UPDATE deconfliction_concern SET text = 'changed' WHERE id = %s",
}


@pytest.fixture
def record(cast, make_movement, transmit):
    movement = make_movement()
    (transmission,) = transmit(movement)
    services.transmission_acknowledge(transmission=transmission, actor=cast.liaison)
    services.transmission_raise_concern(
        transmission=transmission, actor=cast.liaison, text="Checkpoint closed"
    )
    return movement


@pytest.mark.parametrize("model", list(TABLES), ids=lambda m: m.__name__)
def test_the_database_refuses_update_and_delete(record, model):
    row = model.objects.order_by("pk").first()
    table = model._meta.db_table
    for sql in (TABLES[model], f"DELETE FROM {table} WHERE id = %s"):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", list(TABLES), ids=lambda m: m.__name__)
def test_the_models_refuse_update_and_delete(record, model):
    row = model.objects.order_by("pk").first()
    with pytest.raises(TypeError, match="append-only"):
        row.save()
    with pytest.raises(TypeError, match="append-only"):
        row.delete()


def test_what_was_sent_stays_exactly_as_sent_after_an_update(cast, record):
    dispatch = Dispatch.objects.get()
    sent = dict(dispatch.payload)
    version = record.current_version
    fields = {name: getattr(version, name) for name in services.VERSION_FIELDS}
    services.notification_revise(
        notification=record,
        actor=cast.requester,
        fields={**fields, "call_sign": "NEW"},
        legs=[
            {k: getattr(leg, k) for k in ("from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon")}
            for leg in version.legs.all()
        ],
    )
    dispatch.refresh_from_db()
    assert dispatch.payload == sent
    assert sent["call_sign"] == "WFP CONVOY 1"
