"""The officers' side of the directory: forms, freshness, confirmation, filters, exports, demo data."""

import datetime
import html

import pytest
import time_machine
from django.core.management import call_command

from cmcoord.models import AuditEvent, Organization
from contacts.exports import contact_vcard, contacts_csv, fold, vcard_escape
from contacts.models import ConfirmationRequest, Contact, CoordinationPlatform
from contacts.services import contact_mark_verified
from tests.contacts.conftest import make_contact

FORM = {
    "name": "Nadia Issufo",
    "title": "Protection Officer",
    "organization": "",
    "emails": "nadia@unhcr.example, n.issufo@unhcr.example",
    "mobile": "+258 84 123 4567",
    "landline": "",
    "satellite": "+8816 2222 3333",
    "radio_call_sign": "PROT-1",
    "location": "Beira",
    "languages": "Portuguese, English",
    "functions": ["protection"],
    "sharing": "everyone",
    "last_verified": "",
    "user": "",
    "notes": "Back on Monday",
}


def test_an_officer_adds_a_contact_through_the_form(cast, client_for):
    response = client_for(cast.officer).post("/contacts/new/", {**FORM, "organization": cast.unicef.pk})
    contact = Contact.objects.get(name="Nadia Issufo")
    assert response.status_code == 302 and response.url == contact.get_absolute_url()
    assert [e.email for e in contact.emails.all()] == ["nadia@unhcr.example", "n.issufo@unhcr.example"]
    assert [(p.kind, p.number) for p in contact.phones.all()] == [
        ("mobile", "+258 84 123 4567"),
        ("satellite", "+8816 2222 3333"),
    ]
    assert contact.sharing == "everyone" and contact.function_codes == ["protection"]
    assert AuditEvent.objects.filter(verb="contact.create", object_id=str(contact.pk)).count() == 1


def test_the_form_shows_errors_next_to_the_fields_and_keeps_what_was_typed(cast, directory, client_for):
    bad = {
        **FORM,
        "organization": cast.unicef.pk,
        "emails": "nadia@, eve.everyone@example.org",
        "mobile": "call me",
    }
    page = html.unescape(client_for(cast.officer).post("/contacts/new/", bad).content.decode())
    assert 'id="id_emails_error">“nadia@” is not a valid email address.' in page
    assert 'id="id_mobile_error">“call me” is not a phone number' in page
    assert 'value="Nadia Issufo"' in page and "PROT-1" in page
    # a duplicate of the directory is refused next to the field too
    dup = {**FORM, "organization": cast.unicef.pk, "emails": "eve.everyone@example.org"}
    page = html.unescape(client_for(cast.officer).post("/contacts/new/", dup).content.decode())
    assert "eve.everyone@example.org already belongs to Eve Everyone." in page
    same = {**FORM, "name": "Hugo Humanitarian", "organization": cast.unicef.pk, "emails": ""}
    page = html.unescape(client_for(cast.officer).post("/contacts/new/", same).content.decode())
    assert 'id="id_name_error">Hugo Humanitarian of UNICEF is already in the directory.' in page
    assert not Contact.objects.filter(name="Nadia Issufo").exists()


def test_an_organisation_outside_the_operation_cannot_be_chosen(cast, client_for):
    stranger = Organization.objects.create(name="Elsewhere Aid", acronym="EA", type="ingo")
    page = (
        client_for(cast.officer)
        .post("/contacts/new/", {**FORM, "organization": stranger.pk})
        .content.decode()
    )
    assert 'id="id_organization_error"' in page
    assert not Contact.objects.filter(name="Nadia Issufo").exists()


def test_changing_the_sharing_level_is_audited_from_and_to(cast, directory, client_for):
    contact = directory.humanitarian
    data = {
        **FORM,
        "name": contact.name,
        "organization": cast.unicef.pk,
        "emails": "hugo.humanitarian@example.org",
    }
    client_for(cast.officer).post(f"/contacts/{contact.pk}/edit/", data)
    contact.refresh_from_db()
    assert contact.sharing == "everyone"
    event = AuditEvent.objects.get(verb="contact.update", object_id=str(contact.pk))
    assert (event.from_state, event.to_state) == ("humanitarian", "everyone")
    assert "sharing" in event.data["changed"] and "notes" in event.data["changed"]


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_stale_contacts_are_flagged_in_the_list_the_card_and_the_officers_panel(cast, directory, client_for):
    contact_mark_verified(contact=directory.everyone, actor=cast.officer, on=datetime.date(2026, 5, 20))
    contact_mark_verified(contact=directory.humanitarian, actor=cast.officer, on=datetime.date(2026, 2, 1))
    assert not Contact.objects.get(pk=directory.everyone.pk).is_stale
    assert Contact.objects.get(pk=directory.humanitarian.pk).is_stale  # 120 days
    assert Contact.objects.get(pk=directory.ocha.pk).is_stale  # never verified

    client = client_for(cast.officer)
    stale_list = client.get("/contacts/?stale=on").content.decode()
    assert directory.humanitarian.name in stale_list and directory.ocha.name in stale_list
    assert directory.everyone.name not in stale_list
    card = client.get(directory.humanitarian.get_absolute_url()).content.decode()
    assert "Not verified since 1 February 2026" in card
    home = client.get("/").content.decode()
    assert "Contacts to verify" in home and directory.ocha.name in home and "never verified" in home
    assert directory.everyone.name not in home
    assert "Contacts to verify" not in client_for(cast.requester).get("/").content.decode()


def test_request_confirmation_then_mark_verified(cast, directory, client_for):
    client = client_for(cast.officer)
    contact = directory.humanitarian
    client.post(f"/contacts/{contact.pk}/request-confirmation/")
    request = ConfirmationRequest.objects.get(contact=contact)
    assert request.confirmed_at is None and request.requested_by == cast.officer
    assert AuditEvent.objects.filter(verb="contact.confirmation_requested").count() == 1
    # asking twice is refused with a message, and records nothing
    response = client.post(f"/contacts/{contact.pk}/request-confirmation/", follow=True)
    assert "already been requested" in response.content.decode()
    assert ConfirmationRequest.objects.count() == 1

    client.post(f"/contacts/{contact.pk}/verify/")
    contact.refresh_from_db()
    request.refresh_from_db()
    assert contact.last_verified is not None and not contact.is_stale
    assert request.confirmed_at is not None
    assert AuditEvent.objects.filter(verb="contact.verify", object_id=str(contact.pk)).count() == 1


def test_a_contact_without_email_cannot_be_asked_to_confirm(cast, client_for):
    contact = make_contact(cast.operation, cast.wfp, "No Mail", sharing="everyone", actor=cast.officer)
    contact.emails.all().delete()
    response = client_for(cast.officer).post(f"/contacts/{contact.pk}/request-confirmation/", follow=True)
    assert "no email address" in response.content.decode()
    assert not ConfirmationRequest.objects.exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=hugo.humanitarian@", {"Hugo Humanitarian"}),
        ("q=WFP", {"Eve Everyone"}),
        ("organization_type=un_agency", {"Eve Everyone", "Hugo Humanitarian", "Olga Ochaonly"}),
        ("function=logistics", {"Eve Everyone"}),
        ("language=Portuguese", {"Eve Everyone"}),
        ("platform={platform}", {"Eve Everyone", "Hugo Humanitarian", "Olga Ochaonly"}),
        ("organization={unicef}", {"Hugo Humanitarian"}),
    ],
)
def test_directory_filters(cast, directory, client_for, query, expected):
    url = "/contacts/?" + query.format(platform=directory.platform.pk, unicef=cast.unicef.pk)
    page = client_for(cast.officer).get(url).content.decode()
    names = {"Eve Everyone", "Hugo Humanitarian", "Olga Ochaonly"}
    assert {n for n in names if f"<strong>{n}</strong>" in page} == expected


def test_platform_form_creates_a_platform_with_its_chair_among_members(cast, directory, client_for):
    data = {
        "name": "Sofala CMCoord cell",
        "kind": "cmcoord_cell",
        "meeting_schedule": "Mondays 10:00",
        "location": "Beira",
        "chair": directory.ocha.pk,
        "members": [directory.everyone.pk],
    }
    response = client_for(cast.officer).post("/contacts/platforms/new/", data)
    platform = CoordinationPlatform.objects.get(name="Sofala CMCoord cell")
    assert response.status_code == 302
    assert set(platform.members.all()) == {directory.ocha, directory.everyone}
    assert AuditEvent.objects.filter(verb="platform.create", object_id=str(platform.pk)).exists()
    again = client_for(cast.officer).post("/contacts/platforms/new/", data).content.decode()
    assert "already has a platform of this name" in again


def test_vcard_is_escaped_folded_and_keeps_notes_for_humanitarians_only(cast):
    contact = make_contact(
        cast.operation,
        cast.wfp,
        "José da Silva",
        sharing="everyone",
        actor=cast.officer,
        title="Head; Logistics, Beira\\Sofala",
        notes="Line one\nLine two",
        location="Beira, Sofala; port",
    )
    card = contact_vcard(contact, personal=True)
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and card.endswith("END:VCARD\r\n")
    assert "FN:José da Silva\r\n" in card
    assert "N:Silva;José da;;;\r\n" in card
    assert "TITLE:Head\\; Logistics\\, Beira\\\\Sofala\r\n" in card
    assert "NOTE:Line one\\nLine two\r\n" in card
    assert "ADR;TYPE=WORK:;;;Beira\\, Sofala\\; port;;;\r\n" in card
    assert "TEL;TYPE=CELL,VOICE:+258 84 000 0000\r\n" in card
    assert "NOTE" not in contact_vcard(contact, personal=False)
    assert vcard_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = fold("NOTE:" + "é" * 80)
    assert all(len(line.encode()) <= 75 for line in long.split("\r\n"))
    assert long.replace("\r\n ", "") == "NOTE:" + "é" * 80


def test_csv_export_neutralises_formulas_but_keeps_phone_numbers(cast):
    contact = make_contact(cast.operation, cast.wfp, "=HYPERLINK(1)", sharing="everyone", actor=cast.officer)
    body = contacts_csv([contact], personal=False)
    assert "'=HYPERLINK(1)" in body and "+258 84 000 0000" in body and "'+258" not in body


def test_demo_data_is_idempotent(transactional_db):
    call_command("seed_demo")
    counts = (Contact.objects.count(), CoordinationPlatform.objects.count())
    assert counts[0] >= 15 and counts[1] >= 2
    assert set(Contact.objects.values_list("sharing", flat=True)) == {"everyone", "humanitarian", "ocha"}
    call_command("seed_demo")
    assert (Contact.objects.count(), CoordinationPlatform.objects.count()) == counts
