"""The directory in a real browser: an officer imports a CSV (first with errors, then clean), and a military
liaison officer then sees only the contacts shared with everyone."""

import pytest
from django.core.management import call_command

from contacts.models import Contact, ContactAccessLog

from .conftest import login, screenshot

PASSWORD = "cmcoord-demo-2026"
PHONE = {"width": 375, "height": 740}
HEADER = "name,title,organisation,emails,mobile,functions,sharing,notes\n"
BROKEN = (
    HEADER
    + "Paula Sitoe,Logistics Assistant,WFP,paula.sitoe@wfp.example,+258 84 999 0001,Logistics,everyone,\n"
    + "Rui Bad,Driver,WFP,rui-at-wfp,,,everyone,\n"
    + "Sara Lost,Officer,Ministry of Nowhere,sara@nowhere.example,,,humanitarian,\n"
    + ",Officer,IOM,nameless@iom.example,,,humanitarian,\n"
)
CLEAN = (
    HEADER
    + "Paula Sitoe,Logistics Assistant,WFP,paula.sitoe@wfp.example,+258 84 999 0001,Logistics,everyone,"
    + "Shared with the JTF\n"
    + "Quentin Muianga,Protection Officer,IOM,q.muianga@iom.example,+258 84 999 0002,Protection,humanitarian,"
    + "PRIVATE-QM-NOTE\n"
)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")


def upload(page, name, text):
    page.goto("/contacts/import/")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()


def test_officer_imports_then_the_military_sees_only_shared_contacts(demo, new_page):
    before = Contact.objects.count()
    page = new_page()
    login(page, "officer", PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.wait_for_url("**/contacts/")

    # A file with errors: every error is listed with its row and column; nothing is written.
    upload(page, "broken.csv", BROKEN)
    page.wait_for_url("**/contacts/import/*/")
    assert (
        "3 problems in 3 of 4 rows. Nothing was written."
        in page.locator("#import-errors-summary").inner_text()
    )
    rows = page.locator("table.import-errors tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("td").nth(0).inner_text() for i in range(3)] == ["3", "4", "5"]
    assert [rows.nth(i).locator("td").nth(1).inner_text() for i in range(3)] == [
        "emails",
        "organization",
        "name",
    ]
    assert page.get_by_role("button", name="Add").count() == 0
    screenshot(page, "contacts-import-errors")
    assert Contact.objects.count() == before

    # The clean file: a preview, then every row is written at once.
    upload(page, "clean.csv", CLEAN)
    page.wait_for_url("**/contacts/import/*/")
    assert "The file is clean: 2 contacts ready to be added." in page.locator("#import-clean").inner_text()
    page.get_by_role("button", name="Add 2 contacts to the directory").click()
    page.wait_for_url("**/contacts/")
    assert "2 contacts were added to the directory." in page.locator(".messages").inner_text()
    assert Contact.objects.count() == before + 2
    assert page.get_by_role("link", name="Quentin Muianga").count() == 1
    screenshot(page, "contacts-directory-officer")

    # The military liaison officer sees the contact shared with everyone, not the humanitarian-only one.
    military = new_page()
    login(military, "liaison", PASSWORD)
    military.wait_for_url("**/")
    military.goto("/contacts/")
    assert military.get_by_role("link", name="Paula Sitoe").count() == 1
    assert military.get_by_role("link", name="Quentin Muianga").count() == 0
    everyone = Contact.objects.filter(sharing="everyone").count()
    assert military.locator("table.contacts tbody tr").count() == everyone
    screenshot(military, "contacts-directory-liaison")
    military.get_by_role("link", name="Paula Sitoe").click()
    military.wait_for_url("**/contacts/*/")
    assert military.get_by_role("link", name="Call mobile").get_attribute("href") == "tel:+258849990001"
    assert "Shared with the JTF" not in military.content()
    assert military.goto(f"/contacts/{Contact.objects.get(name='Quentin Muianga').pk}/").status == 404
    assert ContactAccessLog.objects.filter(user__username="liaison", how="view").count() == 1
    assert ContactAccessLog.objects.filter(user__username="liaison", how="list").count() == 1


def test_directory_and_card_read_well_on_a_phone(demo, new_page):
    for username in ("officer", "liaison"):
        page = new_page(viewport=PHONE)
        login(page, username, PASSWORD)
        page.wait_for_url("**/")
        page.goto("/contacts/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(page, f"contacts-directory-{username}-phone")
        page.get_by_role("link", name="Luis Matsinhe").click()
        page.wait_for_url("**/contacts/*/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert (
            page.get_by_role("link", name="Email").get_attribute("href") == "mailto:luis.matsinhe@wfp.example"
        )
        screenshot(page, f"contacts-card-{username}-phone")
    desktop = new_page()
    login(desktop, "officer", PASSWORD)
    desktop.wait_for_url("**/")
    desktop.goto("/contacts/")
    desktop.get_by_role("link", name="Amina Okafor").click()
    desktop.wait_for_url("**/contacts/*/")
    screenshot(desktop, "contacts-card-officer")
    desktop.goto("/contacts/?stale=on")
    assert "Not verified for 90 days" in desktop.content()
    screenshot(desktop, "contacts-directory-stale")
