"""The directory's writes through the API: the same rules as the pages (CMCoord officers of the operation
only; anyone else 404, nothing changed), the one error shape, and the import with its per-row errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcoord.models import AuditEvent, Operation, User
from contacts.models import Contact, ContactAccessLog, CoordinationPlatform, ImportBatch

pytestmark = pytest.mark.django_db

NOT_OFFICERS = ["requester", "hct_member", "hc", "liaison", "observer", "outsider", "other_officer"]


def contact_body(cast, **overrides):
    body = {
        "operation": cast.operation.pk,
        "name": "Ana Cossa",
        "title": "Logistics Officer",
        "organization": cast.wfp.pk,
        "emails": ["Ana.Cossa@wfp.example"],
        "phones": [{"kind": "mobile", "number": "+258 84 111 2222"}],
        "languages": ["Portuguese", "English"],
        "functions": ["logistics"],
        "sharing": "everyone",
        "notes": "Call after 18:00",
    }
    body.update(overrides)
    return body


def state():
    return (
        Contact.objects.count(),
        CoordinationPlatform.objects.count(),
        AuditEvent.objects.count(),
        ImportBatch.objects.count(),
    )


# Contacts: create.


def test_an_officer_adds_a_contact(cast, directory, api_for):
    response = api_for(cast.officer).post("/api/v1/contacts/", contact_body(cast), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    contact = Contact.objects.get(pk=data["id"])
    assert (contact.operation, contact.organization, contact.sharing) == (
        cast.operation,
        cast.wfp,
        "everyone",
    )
    assert data["emails"] == ["ana.cossa@wfp.example"]
    assert data["phones"] == [{"kind": "mobile", "number": "+258 84 111 2222"}]
    assert data["languages"] == ["Portuguese", "English"]
    assert data["notes"] == "Call after 18:00"
    assert AuditEvent.objects.filter(verb="contact.create", object_id=str(contact.pk)).count() == 1


@pytest.mark.parametrize("who", NOT_OFFICERS)
def test_no_one_else_adds_a_contact(cast, directory, api_for, who):
    before = state()
    response = api_for(getattr(cast, who)).post("/api/v1/contacts/", contact_body(cast), format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert state() == before


def test_a_duplicate_or_an_organisation_from_elsewhere_is_a_400_naming_its_field(cast, directory, api_for):
    client = api_for(cast.officer)
    before = state()
    duplicate = client.post(
        "/api/v1/contacts/",
        contact_body(cast, name="Eve Everyone", emails=["eve.everyone@example.org"]),
        format="json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "invalid"
    assert {"name", "emails"} <= set(duplicate.json()["fields"])
    stranger = client.post(
        "/api/v1/contacts/",
        contact_body(cast, organization=cast.other_operation.organizations.first().pk + 10_000),
        format="json",
    )
    assert stranger.status_code == 400
    assert list(stranger.json()["fields"]) == ["organization"]
    bad = client.post(
        "/api/v1/contacts/",
        contact_body(cast, phones=[{"kind": "mobile", "number": "call me"}], functions=["juggler"]),
        format="json",
    )
    assert bad.status_code == 400
    assert {"phones.0.number", "functions.0"} <= set(bad.json()["fields"])
    assert client.post("/api/v1/contacts/", {"name": "No operation"}, format="json").status_code == 400
    assert state() == before


def test_a_closed_operation_takes_no_contact(cast, directory, api_for):
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    before = state()
    response = api_for(cast.officer).post("/api/v1/contacts/", contact_body(cast), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "operation_closed"
    assert state() == before


# Contacts: edit.


def test_an_officer_edits_a_contact_with_patch_and_put(cast, directory, api_for):
    client = api_for(cast.officer)
    url = f"/api/v1/contacts/{directory.humanitarian.pk}/"
    patched = client.patch(url, {"title": "WASH Cluster Coordinator", "sharing": "everyone"}, format="json")
    assert patched.status_code == 200, patched.json()
    contact = Contact.objects.get(pk=directory.humanitarian.pk)
    # what was not given is kept
    assert (contact.title, contact.sharing, contact.notes) == (
        "WASH Cluster Coordinator",
        "everyone",
        "NOTE-HUMANITARIAN-PRIVATE",
    )
    assert [e.email for e in contact.emails.all()] == ["hugo.humanitarian@example.org"]
    event = AuditEvent.objects.get(verb="contact.update", object_id=str(contact.pk))
    assert (event.from_state, event.to_state) == ("humanitarian", "everyone")
    put = client.put(url, contact_body(cast, name="Hugo H.", organization=cast.unicef.pk), format="json")
    assert put.status_code == 200, put.json()
    assert put.json()["name"] == "Hugo H."
    assert put.json()["emails"] == ["ana.cossa@wfp.example"]


@pytest.mark.parametrize("who", NOT_OFFICERS)
def test_no_one_else_edits_a_contact(cast, directory, api_for, who):
    before = state()
    response = api_for(getattr(cast, who)).patch(
        f"/api/v1/contacts/{directory.everyone.pk}/", {"title": "Changed"}, format="json"
    )
    assert response.status_code == 404
    assert state() == before
    assert Contact.objects.get(pk=directory.everyone.pk).title == "Officer"


def test_an_edit_to_a_duplicate_is_a_400_and_changes_nothing(cast, directory, api_for):
    before = state()
    response = api_for(cast.officer).patch(
        f"/api/v1/contacts/{directory.humanitarian.pk}/",
        {"emails": ["eve.everyone@example.org"]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["emails"]
    assert state() == before


# Contacts: verify and ask to confirm.


def test_an_officer_marks_a_contact_verified(cast, directory, api_for):
    response = api_for(cast.officer).post(f"/api/v1/contacts/{directory.everyone.pk}/verify/")
    assert response.status_code == 200
    contact = Contact.objects.get(pk=directory.everyone.pk)
    assert contact.last_verified is not None
    assert response.json()["last_verified"] == contact.last_verified.isoformat()


@pytest.mark.parametrize("who", NOT_OFFICERS)
def test_no_one_else_verifies(cast, directory, api_for, who):
    before = state()
    response = api_for(getattr(cast, who)).post(f"/api/v1/contacts/{directory.everyone.pk}/verify/")
    assert response.status_code == 404
    assert Contact.objects.get(pk=directory.everyone.pk).last_verified is None
    assert state() == before


def test_verifying_in_a_closed_operation_is_a_409(cast, directory, api_for):
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    response = api_for(cast.officer).post(f"/api/v1/contacts/{directory.everyone.pk}/verify/")
    assert response.status_code == 409
    assert Contact.objects.get(pk=directory.everyone.pk).last_verified is None


def test_asking_twice_for_a_confirmation_is_a_409(cast, directory, api_for):
    client = api_for(cast.officer)
    url = f"/api/v1/contacts/{directory.everyone.pk}/request-confirmation/"
    assert client.post(url).status_code == 200
    again = client.post(url)
    assert again.status_code == 409
    assert again.json()["code"] == "already_requested"
    assert api_for(cast.hc).post(url).status_code == 404


# Platforms.


def platform_body(cast, directory, **overrides):
    body = {
        "operation": cast.operation.pk,
        "name": "Civil-military working group",
        "kind": "working_group",
        "meeting_schedule": "Tuesdays 10:00",
        "chair": directory.ocha.pk,
        "members": [directory.everyone.pk],
    }
    body.update(overrides)
    return body


def test_an_officer_adds_and_edits_a_platform(cast, directory, api_for):
    client = api_for(cast.officer)
    created = client.post("/api/v1/platforms/", platform_body(cast, directory), format="json")
    assert created.status_code == 201, created.json()
    platform = CoordinationPlatform.objects.get(pk=created.json()["id"])
    assert set(platform.members.values_list("pk", flat=True)) == {directory.everyone.pk, directory.ocha.pk}
    assert created.json()["chair"]["id"] == directory.ocha.pk
    patched = client.patch(f"/api/v1/platforms/{platform.pk}/", {"location": "Beira"}, format="json")
    assert patched.status_code == 200, patched.json()
    platform.refresh_from_db()
    assert (platform.location, platform.chair_id, platform.name) == (
        "Beira",
        directory.ocha.pk,
        "Civil-military working group",
    )
    put = client.put(
        f"/api/v1/platforms/{platform.pk}/",
        platform_body(cast, directory, name="CMWG", chair=None, members=[]),
        format="json",
    )
    assert put.status_code == 200
    assert put.json()["members"] == []


@pytest.mark.parametrize("who", NOT_OFFICERS)
def test_no_one_else_writes_platforms(cast, directory, api_for, who):
    client = api_for(getattr(cast, who))
    before = state()
    assert client.post("/api/v1/platforms/", platform_body(cast, directory), format="json").status_code == 404
    assert (
        client.patch(
            f"/api/v1/platforms/{directory.platform.pk}/", {"name": "Taken"}, format="json"
        ).status_code
        == 404
    )
    assert state() == before


def test_a_platform_member_from_another_operation_is_a_400(cast, directory, api_for):
    client = api_for(cast.officer)
    before = state()
    response = client.post(
        "/api/v1/platforms/", platform_body(cast, directory, members=[directory.elsewhere.pk]), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["members"]
    taken = client.post(
        "/api/v1/platforms/", platform_body(cast, directory, name="beira humocc"), format="json"
    )
    assert taken.status_code == 400
    assert list(taken.json()["fields"]) == ["name"]
    assert state() == before


def test_a_closed_operation_takes_no_platform(cast, directory, api_for):
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    before = state()
    response = api_for(cast.officer).post("/api/v1/platforms/", platform_body(cast, directory), format="json")
    assert response.status_code == 409
    assert state() == before


# Import.

HEADER = "name,title,organisation,emails,mobile,sharing\n"
GOOD = "Ana Cossa,Logistics Officer,WFP,ana.cossa@wfp.example,+258 84 111 2222,everyone\n"
BAD = "Dan Bad,Officer,Ministry of Magic,not-an-email,,everyone\n"


def upload(client, operation, text: str):
    return client.post(
        "/api/v1/contact-imports/upload/",
        {
            "operation": operation.pk,
            "file": SimpleUploadedFile("c.csv", text.encode(), content_type="text/csv"),
        },
        format="multipart",
    )


def test_an_officer_imports_a_clean_csv(cast, directory, api_for):
    client = api_for(cast.officer)
    response = upload(client, cast.operation, HEADER + GOOD)
    assert response.status_code == 201, response.json()
    batch = response.json()
    assert (batch["status"], batch["errors"], len(batch["rows"])) == ("preview", [], 1)
    assert not Contact.objects.filter(name="Ana Cossa").exists()
    assert client.get(f"/api/v1/contact-imports/{batch['id']}/").json()["id"] == batch["id"]
    committed = client.post(f"/api/v1/contact-imports/{batch['id']}/commit/")
    assert committed.status_code == 200
    assert committed.json()["status"] == "committed"
    assert committed.json()["contact_ids"] == [Contact.objects.get(name="Ana Cossa").pk]
    again = client.post(f"/api/v1/contact-imports/{batch['id']}/commit/")
    assert again.status_code == 409
    assert again.json()["code"] == "transition_not_allowed"


def test_an_import_with_errors_lists_them_by_row_and_commits_nothing(cast, directory, api_for):
    client = api_for(cast.officer)
    batch = upload(client, cast.operation, HEADER + GOOD + BAD).json()
    assert {(e["row"], e["column"]) for e in batch["errors"]} == {(3, "organization"), (3, "emails")}
    before = state()
    response = client.post(f"/api/v1/contact-imports/{batch['id']}/commit/")
    assert response.status_code == 409
    assert response.json()["code"] == "import_has_errors"
    assert set(response.json()["fields"]) == {"rows.3.organization", "rows.3.emails"}
    assert state() == before


def test_an_unreadable_file_is_a_400(cast, directory, api_for):
    before = state()
    response = upload(api_for(cast.officer), cast.operation, "just,some,columns\n1,2,3\n")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["file"]
    assert state() == before


@pytest.mark.parametrize("who", NOT_OFFICERS)
def test_no_one_else_imports(cast, directory, api_for, who):
    batch = upload(api_for(cast.officer), cast.operation, HEADER + GOOD).json()
    before = state()
    client = api_for(getattr(cast, who))
    assert upload(client, cast.operation, HEADER + GOOD).status_code == 404
    assert client.get(f"/api/v1/contact-imports/{batch['id']}/").status_code == 404
    assert client.post(f"/api/v1/contact-imports/{batch['id']}/commit/").status_code == 404
    assert state() == before


def test_an_import_in_a_closed_operation_is_a_409(cast, directory, api_for):
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    before = state()
    response = upload(api_for(cast.officer), cast.operation, HEADER + GOOD)
    assert response.status_code == 409
    assert state() == before


# The military access log.


def test_officers_read_the_access_log(cast, directory, api_for, django_assert_num_queries):
    api_for(cast.liaison).get(f"/api/v1/contacts/{directory.everyone.pk}/")
    api_for(cast.liaison).get("/api/v1/contacts/")
    client = api_for(User.objects.get(pk=cast.officer.pk))  # a fresh user: its roles not yet read
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/contact-access-log/?operation={cast.operation.pk}")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["user"]["username"], r["how"], r["contact_ids"]) for r in rows] == [
        ("liaison", "api", [directory.everyone.pk]),
        ("liaison", "api", [directory.everyone.pk]),
    ]
    # the same number of queries with more rows, of another reader
    for _ in range(5):
        api_for(cast.liaison_other_force).get("/api/v1/contacts/")
    client = api_for(User.objects.get(pk=cast.officer.pk))  # a fresh user: its roles not yet read
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/contact-access-log/?operation={cast.operation.pk}")
    assert response.json()["count"] == ContactAccessLog.objects.count() == 7


@pytest.mark.parametrize("who", NOT_OFFICERS)
def test_no_one_else_reads_the_access_log(cast, directory, api_for, who):
    response = api_for(getattr(cast, who)).get(f"/api/v1/contact-access-log/?operation={cast.operation.pk}")
    assert response.status_code == 404


def test_the_access_log_needs_its_operation(cast, api_for):
    response = api_for(cast.officer).get("/api/v1/contact-access-log/")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["operation"]
