"""Browser: running an operation from inside the platform. An operations manager opens "Floods — Malawi" and
invites its officer; the officer accepts, adds a newly arrived force and invites its liaison officer, who
accepts and sees an empty task list; a requester joins; the officer closes the operation and the requester can
no longer create a request there. Screenshots: the people page, the closing page, the refusal."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from cmcoord.models import Membership, Operation, Organization, Role
from requests.models import AssistanceRequest

from .conftest import login, screenshot
from .test_requests import PHONE, fill_request

PASSWORD = "river-boat-kits-2026"


def _link(to: str) -> str:
    for message in reversed(mail.outbox):
        found = re.search(r"https?://[^/\s]+(/operations/invitations/[^/\s]+/)", message.body)
        if to in message.to and found:
            return found.group(1)
    raise AssertionError(f"no invitation to {to}")


def _invite(page, *, email, organization, role, first="", last=""):
    form = page.locator("#invite-form")
    form.get_by_label("Email").fill(email)
    form.get_by_label("First name").fill(first)
    form.get_by_label("Last name").fill(last)
    form.get_by_label("Organisation").select_option(label=organization)
    form.get_by_label("Role").select_option(label=role)
    form.get_by_role("button", name="Send the invitation").click()
    page.get_by_text(f"Invitation sent to {email}").wait_for()


def _accept_new(page, link, first="Kondwani", last="Banda"):
    page.goto(link)
    if not page.locator("#id_first_name").input_value():
        page.locator("#id_first_name").fill(first)
        page.locator("#id_last_name").fill(last)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Accept and create my account").click()
    page.get_by_text("Welcome to Floods — Malawi").wait_for()


def test_an_operation_opened_run_and_closed_from_inside_the_platform(cast, new_page, settings):
    from tests.factories import UserFactory

    # This scenario is about running an operation; enrolling a second factor at first login is driven in the
    # browser by tests/browser/test_security.py.
    settings.MFA_ENFORCED = False

    manager_user = UserFactory(username="opsmanager", organization=cast.ocha)
    manager_user.is_operations_manager = True
    manager_user.save()

    # the operations manager opens "Floods — Malawi"
    manager = new_page()
    login(manager, "opsmanager")
    manager.get_by_role("link", name="Operations", exact=True).click()
    manager.get_by_role("link", name="Open an operation").click()
    manager.get_by_label("Name").fill("Floods — Malawi")
    manager.get_by_label("Code for references").fill("MWI")
    manager.get_by_label("Country").fill("Malawi")
    manager.get_by_label("Context").select_option("natural_disaster")
    manager.get_by_label("Time zone").fill("Africa/Blantyre")
    manager.get_by_label("Start date").fill("2026-11-20")
    manager.get_by_role("button", name="Open the operation").click()
    manager.get_by_text("Operation Floods — Malawi opened").wait_for()
    malawi = Operation.objects.get(code="MWI")
    _invite(
        manager,
        email="chikondi@ocha.example",
        organization="OCHA (OCHA)",
        role="CMCoord officer",
        first="Chikondi",
        last="Phiri",
    )

    # the officer accepts, setting a password, and lands in the operation
    officer = new_page()
    _accept_new(officer, _link("chikondi@ocha.example"))
    officer.get_by_text("Welcome to Floods — Malawi").wait_for()
    assert (
        Membership.objects.get(operation=malawi, user__email="chikondi@ocha.example").role
        == Role.CMCOORD_OFFICER
    )

    # ... adds a force that arrived in week two, and WFP
    officer.get_by_role("link", name="Operation", exact=True).click()
    officer.get_by_role("link", name="Organisations").click()
    officer.get_by_role("link", name=re.compile("Create a new organisation")).click()
    officer.get_by_label("Name").fill("Malawi Defence Force")
    officer.get_by_label("Acronym").fill("MDF")
    officer.get_by_label("Type").select_option("national_armed_forces")
    officer.get_by_label("Country of origin").fill("Malawi")
    officer.get_by_role("button", name="Save").click()
    officer.get_by_label("Organisation").select_option(label="World Food Programme (WFP)")
    officer.get_by_role("button", name="Add").click()
    officer.get_by_text("World Food Programme (WFP) takes part in the operation.").wait_for()
    assert Organization.objects.get(acronym="MDF").is_military

    # ... invites the force's liaison officer, and WFP's requester (who has an account)
    officer.get_by_role("link", name="People", exact=True).click()
    _invite(
        officer,
        email="banda@mdf.example",
        organization="Malawi Defence Force (MDF)",
        role="Military liaison officer",
    )
    _invite(
        officer,
        email=cast.requester.email,
        organization="World Food Programme (WFP)",
        role="Humanitarian requester",
    )
    screenshot(officer, "operations-people")

    # the liaison officer accepts and sees an empty task list
    liaison = new_page()
    _accept_new(liaison, _link("banda@mdf.example"))
    liaison.goto("/requests/tasks/")
    liaison.get_by_text("No task for your force yet.").wait_for()
    assert liaison.locator("table").count() == 0

    # the requester accepts with their account
    requester = new_page()
    login(requester, "requester")
    requester.goto(_link(cast.requester.email))
    requester.get_by_role("button", name="Accept").click()
    requester.get_by_text("Welcome to Floods — Malawi").wait_for()

    # the officer closes the operation
    officer.get_by_role("link", name="Overview").click()
    officer.get_by_role("link", name="Close the operation").click()
    screenshot(officer, "operations-close")
    officer.get_by_role("textbox", name="Reason").fill(
        "The floods response is over; hand-over to the government."
    )
    officer.get_by_role("button", name="Close the operation").click()
    officer.get_by_text("The operation is closed").wait_for()
    malawi.refresh_from_db()
    assert malawi.status == Operation.Status.CLOSED

    # the requester can no longer create a request there
    today = timezone.localdate()
    requester.goto("/requests/new/")
    fill_request(
        requester,
        title="Boats to Chikwawa",
        required_by=str(today + datetime.timedelta(days=2)),
        latest=str(today + datetime.timedelta(days=5)),
    )
    requester.get_by_role("button", name="Save draft").click()
    requester.get_by_text("This operation is closed").first.wait_for()
    screenshot(requester, "operations-closed-refusal")
    assert not AssistanceRequest.objects.filter(operation=malawi).exists()

    phone = new_page(viewport=PHONE)
    login(phone, "requester")
    phone.goto(f"/operations/{malawi.pk}/manage/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    officer_phone = new_page(viewport=PHONE)
    officer_phone.goto(_link("chikondi@ocha.example"))  # used: refused
    assert "already been used" in officer_phone.content()
