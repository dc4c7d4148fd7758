"""The technical admin reads the domain records and changes none of them (issue 13, item 8): coordination
platforms, confirmation requests and import batches, the forces' assets and assignments, guidelines and their
criteria, the record of humanitarian notifications, places and map layers, and the record of requests. Every
change goes through the services (pages and API), which check and audit it. Staff who post to the admin's
add, change or delete views get 403 and nothing changes."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client

from cmcoord.models import AuditEvent
from tests.conftest import mfa_verified_login
from tests.factories import OrganizationFactory, UserFactory

DOMAIN_APPS = {"contacts", "capabilities", "guidelines", "deconfliction", "maps", "requests"}
# Records the demo does not create (they appear only after a person acts), so no row to post about here;
# their admins are read-only all the same (asserted below without a row).
NO_DEMO_ROW = {
    "capabilities.assignment",
    "contacts.contactaccesslog",
    "guidelines.operationguideline",
    "contacts.confirmationrequest",
    "contacts.importbatch",
    "deconfliction.concern",
    "maps.maplayer",
    "requests.conditionsacknowledgement",
    "requests.hctresponse",
    "requests.requestattachment",
    "requests.requestcomment",
    "requests.taskreport",
}


def _domain_admins():
    return sorted(
        ((m, a) for m, a in admin.site._registry.items() if m._meta.app_label in DOMAIN_APPS),
        key=lambda pair: pair[0]._meta.label_lower,
    )


def test_no_domain_admin_adds_changes_or_deletes(rf):
    staff = UserFactory.build(is_staff=True, is_superuser=True)
    request = rf.get("/admin/")
    request.user = staff
    labels = set()
    for model, model_admin in _domain_admins():
        labels.add(model._meta.label_lower)
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert model_admin.has_view_permission(request), model
    # the records this item names are all registered (read-only)
    assert {
        "contacts.coordinationplatform",
        "contacts.confirmationrequest",
        "contacts.importbatch",
        "capabilities.asset",
        "capabilities.assignment",
        "guidelines.guideline",
        "guidelines.criterion",
        "deconfliction.humanitariannotification",
        "deconfliction.transmission",
        "deconfliction.dispatch",
        "deconfliction.acknowledgement",
    } <= labels


@pytest.mark.django_db
def test_staff_posting_to_the_admin_get_403_and_change_nothing():
    call_command("seed_demo", verbosity=0)
    staff = UserFactory(
        username="staffer", is_staff=True, is_superuser=True, organization=OrganizationFactory()
    )
    client = mfa_verified_login(Client(), staff)
    events = AuditEvent.objects.count()
    posted = 0
    missing = set()
    for model, _model_admin in _domain_admins():
        label = model._meta.label_lower
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
        assert client.post(f"{base}/add/", {}).status_code == 403, label
        row = model._default_manager.order_by("pk").first()
        if row is None:
            missing.add(label)
            continue
        before = list(model._default_manager.filter(pk=row.pk).values())
        page = client.get(f"{base}/{row.pk}/change/")
        assert page.status_code == 200, label
        assert 'name="_save"' not in page.content.decode(), label
        # a plausible edit of every text field, as a staff member would send it
        data = {f.name: "Rewritten" for f in model._meta.fields if f.get_internal_type() == "CharField"}
        assert client.post(f"{base}/{row.pk}/change/", data).status_code == 403, label
        assert client.post(f"{base}/{row.pk}/delete/", {"post": "yes"}).status_code == 403, label
        assert list(model._default_manager.filter(pk=row.pk).values()) == before, label
        posted += 1
    assert missing <= NO_DEMO_ROW, f"the demo made none of {missing - NO_DEMO_ROW}: add to NO_DEMO_ROW"
    assert posted >= 15
    assert AuditEvent.objects.count() == events
