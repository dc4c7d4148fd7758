"""CSV import: a preview listing every error by row and column; nothing written until the file is clean."""

import html

from django.core.files.uploadedfile import SimpleUploadedFile

from cmcoord.models import AuditEvent
from contacts.models import Contact, ImportBatch
from tests.contacts.conftest import make_contact

HEADER = "name,title,organisation,emails,mobile,satellite,languages,functions,sharing,notes\n"
GOOD = [
    "Ana Cossa,Logistics Officer,WFP,ana.cossa@wfp.example,+258 84 111 2222,,Portuguese,Logistics,"
    "everyone,\n",
    "Ben Phiri,WASH Officer,UNICEF,ben.phiri@unicef.example,+258 84 333 4444,+8816 1234 5678,English,wash,"
    "humanitarian,Call after 18:00\n",
    "Chloé Martin,Access Officer,OCHA,chloe.martin@un.example,,,French; English,"
    '"CMCoord focal point, Humanitarian access",ocha,\n',
]
BROKEN = [
    "Dan Bad,Officer,WFP,not-an-email,,,,,,\n",  # row 5: bad email
    "Eva Nowhere,Officer,Ministry of Magic,eva@example.org,,,,,,\n",  # row 6: unknown organisation
    ",Officer,WFP,nameless@example.org,,,,,,\n",  # row 7: missing name
    "Fay Copy,Officer,WFP,ana.cossa@wfp.example,,,,,,\n",  # row 8: same email as row 2
    "Ana Cossa,Officer,World Food Programme,other@wfp.example,,,,,,\n",  # row 9: same name + org as row 2
    "Gil Known,Officer,MSF,eve.everyone@example.org,,,,,,\n",  # row 10: email already in the directory
    "Hugo Humanitarian,Officer,UNICEF,hugo2@unicef.example,,,,,,\n",  # row 11: name + org in the directory
]


def upload(client, content: bytes, name="contacts.csv"):
    return client.post(
        "/contacts/import/", {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    )


def test_the_preview_lists_every_error_with_row_and_column_and_writes_nothing(cast, directory, client_for):
    client = client_for(cast.officer)
    contacts_before = Contact.objects.count()
    events_before = AuditEvent.objects.count()

    response = upload(client, (HEADER + "".join(GOOD + BROKEN)).encode())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()

    errors = {(e["row"], e["column"]) for e in batch.errors}
    assert errors == {
        (5, "emails"),
        (6, "organization"),
        (7, "name"),
        (8, "emails"),
        (9, "name"),
        (10, "emails"),
        (11, "name"),
    }
    messages = {e["row"]: e["message"] for e in batch.errors}
    assert messages[5] == "“not-an-email” is not a valid email address."
    assert messages[6].startswith("Unknown organisation “Ministry of Magic”")
    assert messages[7] == "A name is required."
    assert messages[8] == "ana.cossa@wfp.example is also on row 2."
    assert messages[9] == "Ana Cossa of WFP is also on row 2."
    assert messages[10] == "eve.everyone@example.org already belongs to Eve Everyone in the directory."
    assert messages[11] == "Hugo Humanitarian of UNICEF is already in the directory."

    page = html.unescape(client.get(batch.get_absolute_url()).content.decode())
    assert "7 problems in 7 of 10 rows. Nothing was written." in page
    for message in messages.values():
        assert message in page
    assert "Add " not in page  # no commit button for a file with errors

    # Committing a file with errors writes nothing either.
    client.post(batch.get_absolute_url())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert Contact.objects.count() == contacts_before
    assert AuditEvent.objects.count() == events_before


def test_a_file_that_is_not_utf8_gets_one_clear_error(cast, directory, client_for):
    latin1 = (HEADER + "Zoé Tembe,Officer,WFP,zoe@wfp.example,,,,,,\n").encode("latin-1")
    response = upload(client_for(cast.officer), latin1)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="error"') == 1
    assert "The file is not UTF-8 text" in html
    assert not ImportBatch.objects.exists()


def test_a_file_with_a_nul_character_in_a_cell_gets_one_clear_error_and_writes_nothing(
    cast, directory, client_for
):
    # Past the first 512 bytes the upload sniffs: only the import's own check sees it.
    content = (HEADER + "".join(GOOD) * 4 + "Zoé Tembe,Officer,WFP,zoe@wfp.example,,,,,,a\x00b\n").encode()
    assert content.index(b"\x00") > 512
    events_before = AuditEvent.objects.count()

    response = upload(client_for(cast.officer), content)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="error"') == 1
    assert "The file holds a NUL character" in page
    assert not ImportBatch.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_a_file_without_the_required_columns_or_with_unknown_ones_is_refused(cast, client_for):
    client = client_for(cast.officer)
    assert (
        "The header lacks the column(s): organization."
        in upload(client, b"name,email\nA,a@b.org\n").content.decode()
    )
    assert (
        "Unknown column(s): “shoe size”"
        in upload(client, b"name,organisation,shoe size\nA,WFP,42\n").content.decode()
    )
    assert "The file has a header but no contacts." in upload(client, b"name,organisation\n").content.decode()
    assert not ImportBatch.objects.exists()


def test_a_clean_file_commits_every_row_at_once_and_is_audited(cast, directory, client_for):
    client = client_for(cast.officer)
    before = Contact.objects.count()
    upload(client, (HEADER + "".join(GOOD)).encode("utf-8-sig"))  # a spreadsheet's BOM is fine
    batch = ImportBatch.objects.get()
    assert batch.errors == []
    preview = client.get(batch.get_absolute_url()).content.decode()
    assert "The file is clean: 3 contacts ready to be added." in preview
    assert Contact.objects.count() == before  # still nothing written

    response = client.post(batch.get_absolute_url())
    assert response.status_code == 302 and response.url == "/contacts/"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Contact.objects.count() == before + 3
    ben = Contact.objects.get(name="Ben Phiri")
    assert (
        ben.organization == cast.unicef and ben.sharing == "humanitarian" and ben.notes == "Call after 18:00"
    )
    assert [(p.kind, p.number) for p in ben.phones.all()] == [
        ("mobile", "+258 84 333 4444"),
        ("satellite", "+8816 1234 5678"),
    ]
    chloe = Contact.objects.get(name="Chloé Martin")
    assert chloe.function_codes == ["cmcoord_focal_point", "access"] and chloe.sharing == "ocha"
    assert AuditEvent.objects.filter(verb="contact.import").count() == 3
    assert AuditEvent.objects.filter(verb="contacts.import", to_state="committed").count() == 1

    # A second commit of the same batch is refused.
    client.post(batch.get_absolute_url())
    assert Contact.objects.count() == before + 3


def test_the_commit_checks_the_rows_again_and_writes_nothing_if_the_directory_changed(
    cast, directory, client_for
):
    client = client_for(cast.officer)
    upload(client, (HEADER + "".join(GOOD)).encode())
    batch = ImportBatch.objects.get()
    assert batch.errors == []
    make_contact(cast.operation, cast.wfp, "Ana Cossa", sharing="everyone", actor=cast.officer)
    before = Contact.objects.count()

    client.post(batch.get_absolute_url())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert Contact.objects.count() == before
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "name")]


def test_an_import_belongs_to_the_officers_of_its_operation(cast, client_for):
    upload(client_for(cast.officer), (HEADER + GOOD[0]).encode())
    batch = ImportBatch.objects.get()
    for user in (cast.other_officer, cast.requester, cast.liaison, cast.hc):
        assert client_for(user).get(batch.get_absolute_url()).status_code == 404
        assert client_for(user).post(batch.get_absolute_url()).status_code == 404
    assert not Contact.objects.filter(name="Ana Cossa").exists()
