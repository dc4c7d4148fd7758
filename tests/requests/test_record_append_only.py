"""The record nobody can rewrite (issue 13, item 8): decisions, HCT responses, task reports, the force's
acknowledgements and the contact access log refuse UPDATE and DELETE in the database (raw SQL, PostgreSQL
triggers), on the model and on the queryset; the admin reads requests, contacts and their records but cannot
change or delete them (changes go through the services, which audit them)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from contacts.models import Contact, ContactAccessLog
from requests.models import (
    ConditionsAcknowledgement,
    Decision,
    HctResponse,
    RequestComment,
    TaskReport,
)
from requests.services import hct as decisions
from requests.services import tasking
from tests.conftest import mfa_verified_login
from tests.factories import UserFactory

from .hct_helpers import tasked, written


@pytest.fixture
def record(cast, make_request):
    """One row of each append-only table of this issue."""
    _rfa, referral = written(cast, make_request)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree", comment="Fine.")
    rfa, task = tasked(cast, make_request)
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    tasking.task_report_progress(task=task, actor=cast.liaison, text="Loading at Beira.")
    ContactAccessLog.objects.create(operation=cast.operation, user=cast.liaison, how="view", contact_count=1)
    return {
        Decision: ("outcome", "'rejected'"),
        HctResponse: ("comment", "'rewritten'"),
        TaskReport: ("text", "'rewritten'"),
        ConditionsAcknowledgement: ("by_id", str(cast.officer.pk)),
        ContactAccessLog: ("contact_count", "99"),
    }


MODELS = [Decision, HctResponse, TaskReport, ConditionsAcknowledgement, ContactAccessLog]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_raw_sql_update_and_delete_fail_in_the_database(record, model):
    assert connection.vendor == "postgresql"
    table = connection.ops.quote_name(model._meta.db_table)
    column, value = record[model]
    pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
    before = list(model.objects.order_by("pk").values())
    for sql in (
        f"UPDATE {table} SET {column} = {value} WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    assert list(model.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_model_and_the_queryset_refuse_updates_and_deletes(record, model):
    row = model.objects.first()
    with pytest.raises(TypeError, match="append-only"):
        model.objects.filter(pk=row.pk).update(pk=row.pk)
    with pytest.raises(TypeError, match="append-only"):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(TypeError, match="append-only"):
        row.save()
    with pytest.raises(TypeError, match="append-only"):
        row.delete()
    assert model.objects.filter(pk=row.pk).exists()


def test_the_admin_cannot_change_or_delete_the_record(record, cast, make_request):
    rfa = Decision.objects.last().request
    comment = RequestComment.objects.create(request=rfa, author=cast.officer, text="Keep this.")
    contact = Contact.objects.create(operation=cast.operation, organization=cast.wfp, name="Ana Maria")
    staff = UserFactory(username="staffer", is_staff=True, is_superuser=True, organization=cast.ocha)
    admin = mfa_verified_login(Client(), staff)
    decision = Decision.objects.last()
    # staff read the record
    for url in (
        f"/admin/requests/decision/{decision.pk}/change/",
        f"/admin/requests/assistancerequest/{rfa.pk}/change/",
        f"/admin/contacts/contact/{contact.pk}/change/",
    ):
        page = admin.get(url)
        assert page.status_code == 200, url
        assert 'name="_save"' not in page.content.decode(), url
    # and change or delete nothing
    sharing = contact.sharing
    refused = [
        admin.post(f"/admin/contacts/contact/{contact.pk}/change/", {"sharing": "everyone", "name": "X"}),
        admin.post(f"/admin/requests/assistancerequest/{rfa.pk}/change/", {"title": "Rewritten"}),
        admin.post(f"/admin/requests/requestcomment/{comment.pk}/delete/", {"post": "yes"}),
        admin.post(f"/admin/requests/decision/{decision.pk}/delete/", {"post": "yes"}),
        admin.post(f"/admin/requests/taskreport/{TaskReport.objects.get().pk}/delete/", {"post": "yes"}),
    ]
    assert all(r.status_code == 403 for r in refused), [r.status_code for r in refused]
    contact.refresh_from_db()
    rfa.refresh_from_db()
    assert contact.sharing == sharing and contact.name == "Ana Maria"
    assert rfa.title != "Rewritten"
    assert RequestComment.objects.filter(pk=comment.pk).exists()
    assert Decision.objects.filter(pk=decision.pk).exists()


@pytest.fixture
def links(cast, make_request):
    """A meeting decision relying on a guideline in force, with two people present."""
    from guidelines.selectors import guidelines_in_force

    rfa = make_request(status="under_review", answered=True, hct=False)
    from requests.services import rfa as services

    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    guideline = guidelines_in_force(cast.operation).first()
    assert guideline is not None
    today = datetime.date.today()
    decision = decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved",
        conditions=[],
        valid_from=today,
        valid_until=today + datetime.timedelta(days=5),
        rationale="Met every criterion.",
        present=[cast.hc, cast.hct_member],
        guidelines=[guideline],
    )
    return decision


@pytest.mark.parametrize(
    ("through", "column"),
    [("guidelines", "guideline_id"), ("present", "user_id")],
    ids=["guidelines", "present"],
)
def test_raw_sql_update_and_delete_of_a_decisions_links_fail(links, cast, through, column):
    """The guidelines relied on and the people present are part of the decision: never rewritten."""
    model = getattr(Decision, through).through
    table = connection.ops.quote_name(model._meta.db_table)
    before = sorted(model.objects.filter(decision=links).values_list(column, flat=True))
    assert before, "the decision has links to rewrite"
    other = cast.officer.pk if through == "present" else before[0]
    for sql, params in (
        (f"UPDATE {table} SET {column} = %s WHERE decision_id = %s", [other, links.pk]),
        (f"UPDATE {table} SET decision_id = decision_id WHERE decision_id = %s", [links.pk]),
        (f"DELETE FROM {table} WHERE decision_id = %s", [links.pk]),
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    # nor through the ORM's related managers, which issue the same DELETE
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        getattr(links, through).clear()
    assert sorted(model.objects.filter(decision=links).values_list(column, flat=True)) == before
