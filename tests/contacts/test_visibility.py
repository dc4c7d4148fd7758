"""Who sees which contact, per role of the cast and sharing level: pages, API and exports alike."""

import pytest

from cmcoord.models import AuditEvent, Role
from contacts.models import Contact, ContactAccessLog

LEVELS = ["everyone", "humanitarian", "ocha"]
# Which sharing levels each role of the cast sees. The HC and the officer are OCHA; the others are not.
SEES = {
    Role.CMCOORD_OFFICER: {"everyone", "humanitarian", "ocha"},
    Role.HC: {"everyone", "humanitarian", "ocha"},
    Role.REQUESTER: {"everyone", "humanitarian"},
    Role.HCT_MEMBER: {"everyone", "humanitarian"},
    Role.OBSERVER: {"everyone", "humanitarian"},
    Role.MILITARY_LIAISON: {"everyone"},
}
CASES = [(role, level) for role in SEES for level in LEVELS]
NOTES = {
    "everyone": "NOTE-EVERYONE-PRIVATE",
    "humanitarian": "NOTE-HUMANITARIAN-PRIVATE",
    "ocha": "NOTE-OCHA-PRIVATE",
}


@pytest.mark.parametrize(("role", "level"), CASES)
def test_contact_card_per_role_and_sharing_level(cast, directory, client_for, role, level):
    contact = getattr(directory, level)
    response = client_for(cast.by_role()[role]).get(contact.get_absolute_url())
    if level in SEES[role]:
        assert response.status_code == 200
        assert contact.name in response.content.decode()
    else:
        assert response.status_code == 404
        assert contact.name not in response.content.decode()


@pytest.mark.parametrize("role", list(SEES))
def test_directory_lists_exactly_the_visible_contacts(cast, directory, client_for, role):
    html = client_for(cast.by_role()[role]).get("/contacts/").content.decode()
    for level in LEVELS:
        assert (getattr(directory, level).name in html) is (level in SEES[role])
    assert directory.elsewhere.name not in html


@pytest.mark.parametrize("role", list(SEES))
def test_api_lists_and_reads_exactly_the_visible_contacts(cast, directory, api_for, role):
    api = api_for(cast.by_role()[role])
    listed = {row["name"] for row in api.get("/api/v1/contacts/").json()["results"]}
    assert listed == {getattr(directory, level).name for level in SEES[role]}
    for level in LEVELS:
        response = api.get(f"/api/v1/contacts/{getattr(directory, level).pk}/")
        assert response.status_code == (200 if level in SEES[role] else 404)
        if response.status_code == 404:
            assert response.json() == {"code": "not_found", "detail": response.json()["detail"], "fields": {}}


@pytest.mark.parametrize("role", list(SEES))
@pytest.mark.parametrize("fmt", ["csv", "vcf"])
def test_exports_hold_exactly_the_visible_contacts(cast, directory, client_for, role, fmt):
    response = client_for(cast.by_role()[role]).get(f"/contacts/export.{fmt}")
    assert response.status_code == 200
    body = response.content.decode()
    for level in LEVELS:
        assert (getattr(directory, level).name in body) is (level in SEES[role])
    assert directory.elsewhere.name not in body
    if fmt == "vcf":
        assert body.count("BEGIN:VCARD") == len(SEES[role])


@pytest.mark.parametrize("role", [r for r in SEES if r != Role.MILITARY_LIAISON])
def test_humanitarian_members_see_the_notes_of_what_they_see(cast, directory, client_for, api_for, role):
    user = cast.by_role()[role]
    card = client_for(user).get(directory.humanitarian.get_absolute_url()).content.decode()
    assert NOTES["humanitarian"] in card
    assert "Humanitarian only" in card
    api = api_for(user).get(f"/api/v1/contacts/{directory.humanitarian.pk}/").json()
    assert api["notes"] == NOTES["humanitarian"]
    assert api["sharing"] == "humanitarian"
    assert NOTES["humanitarian"] in client_for(user).get("/contacts/export.csv").content.decode()
    assert NOTES["humanitarian"] in client_for(user).get("/contacts/export.vcf").content.decode()


def test_notes_never_reach_a_military_user(cast, directory, client_for, api_for):
    client = client_for(cast.liaison)
    api = api_for(cast.liaison)
    card = client.get(directory.everyone.get_absolute_url()).content.decode()
    assert directory.everyone.name in card
    assert "+258 84 000 0000" in card and "tel:+258840000000" in card
    assert "mailto:eve.everyone@example.org" in card
    outputs = [
        card,
        client.get("/contacts/").content.decode(),
        client.get("/contacts/export.csv").content.decode(),
        client.get("/contacts/export.vcf").content.decode(),
        client.get(f"/contacts/platforms/{directory.platform.pk}/").content.decode(),
        client.get(f"/contacts/organizations/{cast.wfp.pk}/").content.decode(),
        api.get("/api/v1/contacts/").content.decode(),
        api.get(f"/api/v1/contacts/{directory.everyone.pk}/").content.decode(),
        api.get("/api/v1/platforms/").content.decode(),
    ]
    for body in outputs:
        for note in NOTES.values():
            assert note not in body
    assert "Notes" not in card and "Shared with" not in card
    detail = api.get(f"/api/v1/contacts/{directory.everyone.pk}/").json()
    assert "notes" not in detail and "sharing" not in detail and "user" not in detail
    listed = api.get("/api/v1/contacts/").json()["results"]
    assert all("notes" not in row for row in listed)
    header = client.get("/contacts/export.csv").content.decode().splitlines()[0]
    assert "notes" not in header and "sharing" not in header
    assert "NOTE:" not in client.get("/contacts/export.vcf").content.decode()


def test_a_user_whose_organisation_is_ocha_sees_ocha_only_contacts(cast, directory, client_for):
    from tests.conftest import member

    ocha_requester = member(cast.operation, Role.REQUESTER, cast.ocha, "ocha_requester")
    assert client_for(ocha_requester).get(directory.ocha.get_absolute_url()).status_code == 200


def test_another_operations_contact_is_404_everywhere(cast, directory, client_for, api_for):
    for user in (cast.officer, cast.liaison, cast.requester):
        assert client_for(user).get(directory.elsewhere.get_absolute_url()).status_code == 404
        assert api_for(user).get(f"/api/v1/contacts/{directory.elsewhere.pk}/").status_code == 404
        assert client_for(user).get(f"/contacts/{directory.elsewhere.pk}/edit/").status_code == 404
    haiti = client_for(cast.other_officer)
    assert haiti.get(directory.everyone.get_absolute_url()).status_code == 404
    assert directory.everyone.name not in haiti.get("/contacts/").content.decode()
    assert directory.everyone.name not in haiti.get("/contacts/export.csv").content.decode()
    assert api_for(cast.other_officer).get(f"/api/v1/contacts/{directory.everyone.pk}/").status_code == 404
    assert (
        api_for(cast.officer).get(f"/api/v1/contacts/?operation={cast.other_operation.pk}").status_code == 404
    )
    assert (
        api_for(cast.officer).get(f"/api/v1/platforms/?operation={cast.other_operation.pk}").status_code
        == 404
    )


def test_an_outsider_sees_no_directory(cast, directory, client_for, api_for):
    client = client_for(cast.outsider)
    assert client.get("/contacts/").status_code == 404
    assert client.get(directory.everyone.get_absolute_url()).status_code == 404
    assert client.get("/contacts/export.csv").status_code == 404
    assert api_for(cast.outsider).get("/api/v1/contacts/").json()["results"] == []
    assert api_for(cast.outsider).get("/api/v1/organizations/").json()["results"] == []


def test_platform_members_are_only_those_the_viewer_may_see(cast, directory, client_for, api_for):
    liaison_page = client_for(cast.liaison).get(directory.platform.get_absolute_url()).content.decode()
    assert directory.everyone.name in liaison_page
    assert directory.humanitarian.name not in liaison_page
    assert directory.ocha.name not in liaison_page  # the chair too
    members = api_for(cast.liaison).get(f"/api/v1/platforms/{directory.platform.pk}/").json()
    assert [m["name"] for m in members["members"]] == [directory.everyone.name]
    assert members["chair"] is None
    officer = api_for(cast.officer).get(f"/api/v1/platforms/{directory.platform.pk}/").json()
    assert len(officer["members"]) == 3 and officer["chair"]["name"] == directory.ocha.name
    requester_page = client_for(cast.requester).get(directory.platform.get_absolute_url()).content.decode()
    assert directory.humanitarian.name in requester_page and directory.ocha.name not in requester_page


def test_organisation_page_lists_only_visible_people(cast, directory, client_for):
    assert (
        directory.ocha.name
        in client_for(cast.officer).get(f"/contacts/organizations/{cast.ocha.pk}/").content.decode()
    )
    page = client_for(cast.requester).get(f"/contacts/organizations/{cast.ocha.pk}/")
    assert page.status_code == 200 and directory.ocha.name not in page.content.decode()
    # an organisation outside the operation is 404
    assert (
        client_for(cast.officer).get(f"/contacts/organizations/{cast.other_force.pk + 999}/").status_code
        == 404
    )


@pytest.mark.parametrize("who", ["requester", "hct_member", "hc", "observer", "liaison", "other_officer"])
def test_only_officers_manage_the_directory(cast, directory, client_for, who):
    client = client_for(getattr(cast, who))
    before = Contact.objects.count()
    events = AuditEvent.objects.count()
    if who != "other_officer":  # an officer elsewhere manages their own operation's directory
        for url in (
            "/contacts/new/",
            "/contacts/import/",
            "/contacts/access-log/",
            "/contacts/platforms/new/",
        ):
            assert client.get(url).status_code == 404
    pk = directory.everyone.pk
    for url in (f"/contacts/{pk}/edit/", f"/contacts/{pk}/verify/", f"/contacts/{pk}/request-confirmation/"):
        assert client.post(url, {"name": "Changed"}).status_code == 404
    assert client.post(f"/contacts/platforms/{directory.platform.pk}/edit/", {"name": "X"}).status_code == 404
    assert Contact.objects.count() == before
    directory.everyone.refresh_from_db()
    assert directory.everyone.name == "Eve Everyone" and directory.everyone.last_verified is None
    assert AuditEvent.objects.count() == events


def test_military_reads_are_recorded_and_officers_read_the_log(cast, directory, client_for, api_for):
    client = client_for(cast.liaison)
    client.get(directory.everyone.get_absolute_url())
    client.get("/contacts/export.csv")
    client.get("/contacts/export.vcf")
    api_for(cast.liaison).get("/api/v1/contacts/")
    api_for(cast.liaison).get(f"/api/v1/contacts/{directory.everyone.pk}/")
    client.get("/contacts/")
    rows = list(ContactAccessLog.objects.order_by("pk"))
    assert [(r.how, r.detail) for r in rows] == [
        ("view", ""),
        ("export", "csv"),
        ("export", "vcard"),
        ("api", ""),
        ("api", ""),
        ("list", ""),
    ]
    assert all(r.user == cast.liaison and r.contact_ids == [directory.everyone.pk] for r in rows)
    assert all(r.operation == cast.operation for r in rows)

    log = client_for(cast.officer).get("/contacts/access-log/").content.decode()
    assert cast.liaison.get_full_name() in log and "Exported (csv)" in log and directory.everyone.name in log
    assert client_for(cast.liaison).get("/contacts/access-log/").status_code == 404


@pytest.mark.parametrize("role", [r for r in SEES if r != Role.MILITARY_LIAISON])
def test_humanitarian_reads_are_not_logged(cast, directory, client_for, api_for, role):
    user = cast.by_role()[role]
    name = directory.everyone.name
    # Each read succeeds and shows the contact (so a read that failed cannot pass for one not logged),
    card = client_for(user).get(directory.everyone.get_absolute_url())
    assert card.status_code == 200 and name in card.content.decode()
    export = client_for(user).get("/contacts/export.csv")
    assert export.status_code == 200 and name in export.content.decode()
    listed = api_for(user).get("/api/v1/contacts/")
    assert listed.status_code == 200 and name in {row["name"] for row in listed.json()["results"]}
    # and none of them is logged.
    assert not ContactAccessLog.objects.exists()


def test_the_access_log_is_append_only(cast, directory, client_for):
    client_for(cast.liaison).get(directory.everyone.get_absolute_url())
    row = ContactAccessLog.objects.get()
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        ContactAccessLog.objects.all().delete()


def test_exports_apply_the_directory_filters(cast, directory, client_for):
    body = client_for(cast.officer).get(f"/contacts/export.csv?organization={cast.wfp.pk}").content.decode()
    assert directory.everyone.name in body and directory.humanitarian.name not in body
    vcf = client_for(cast.officer).get("/contacts/export.vcf?function=logistics").content.decode()
    assert vcf.count("BEGIN:VCARD") == 1


def test_api_organisations_are_those_of_the_users_operations(cast, directory, api_for):
    names = {row["acronym"] for row in api_for(cast.liaison).get("/api/v1/organizations/").json()["results"]}
    assert names == {"OCHA", "WFP", "UNICEF", "MSF", "ECHO", "SANDF", "FADM"}
    haiti = api_for(cast.other_officer).get("/api/v1/organizations/").json()["results"]
    assert [row["acronym"] for row in haiti] == ["OCHA"]
    url = f"/api/v1/organizations/?operation={cast.other_operation.pk}"
    assert api_for(cast.officer).get(url).status_code == 404
    scoped = api_for(cast.officer).get(f"/api/v1/contacts/?operation={cast.operation.pk}").json()["results"]
    assert {row["name"] for row in scoped} == {"Eve Everyone", "Hugo Humanitarian", "Olga Ochaonly"}
