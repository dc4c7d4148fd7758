"""Browser: SANDF's liaison officer declares an asset; the officer opens an approved request, sees SANDF
ranked first with its reasons, chooses it and tasks it; SANDF accepts and the asset is committed. Screenshots:
the declaration, the ranked assets (desktop and phone), the committed asset."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from capabilities import services
from capabilities.models import Asset, Assignment
from guidelines.models import Guideline
from requests.models import Task
from requests.services import tasking
from tests.requests.conftest import make_request  # noqa: F401 - a fixture used here
from tests.requests.hct_helpers import approved

from .conftest import login, screenshot
from .test_requests import PHONE


@pytest.fixture(autouse=True)
def _last_resort_criteria(transactional_db):
    """An earlier transactional test flushed the criteria a data migration loads: load them again."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)


def test_a_declared_asset_is_ranked_first_and_tasked(cast, make_request, new_page):  # noqa: F811
    today = timezone.localdate()
    rfa = approved(cast, make_request, title="Airlift of biscuits to Buzi")
    # FADM declared a smaller, farther helicopter with a longer notice to move
    services.asset_declare(
        operation=cast.operation,
        actor=cast.liaison_other_force,
        force=cast.other_force,
        data={
            "capability": "air_transport",
            "description": "Mi-8 helicopter",
            "quantity": 1,
            "passengers": 20,
            "payload_kg": 4000,
            "base_name": "Chimoio",
            "base_lat": Decimal("-19.11639"),
            "base_lon": Decimal("33.48333"),
            "available_from": today,
            "notice_hours": 72,
        },
    )

    # SANDF's liaison officer declares two helicopters at Beira
    liaison = new_page()
    login(liaison, "liaison")
    liaison.goto("/capabilities/")
    liaison.get_by_role("link", name="Declare an asset").click()
    liaison.get_by_label("Capability").select_option("air_transport")
    liaison.get_by_label("Description").fill("2 × Oryx helicopters")
    liaison.get_by_label("Quantity").fill("2")
    liaison.get_by_label("Passengers per unit").fill("16")
    liaison.get_by_label("Payload per unit (kg)").fill("8000")
    liaison.get_by_label("Volume per unit (m³)").fill("20")
    liaison.get_by_label("Range (km)").fill("550")
    liaison.locator("#id_base_name").fill("Beira airport")
    liaison.get_by_label("Base latitude").fill("-19.79639")
    liaison.get_by_label("Base longitude").fill("34.90778")
    liaison.get_by_label("Available from").fill(str(today - datetime.timedelta(days=1)))
    liaison.get_by_label("Available until").fill(str(today + datetime.timedelta(days=30)))
    liaison.get_by_label("Notice to move (hours)").fill("6")
    liaison.get_by_label("Daylight only").check()
    screenshot(liaison, "capabilities-declare")
    liaison.get_by_role("button", name="Declare").click()
    assert "Asset declared: 2 × Oryx helicopters." in liaison.content()
    oryx = Asset.objects.get(description="2 × Oryx helicopters")
    assert oryx.force == cast.force and not oryx.on_behalf and oryx.constraints == ["daylight_only"]
    liaison.goto("/capabilities/")
    assert "Mi-8 helicopter" not in liaison.content()  # FADM's entries stay FADM's

    # the officer opens the approved request and the tasking page: SANDF first, with its reasons
    officer = new_page()
    login(officer, "officer")
    officer.goto(f"/requests/{rfa.pk}/")
    officer.get_by_role("link", name="Task the military…").click()
    first = officer.locator("li.match").first
    assert first.get_attribute("data-force") == "SANDF"
    reasons = first.locator(".reason-text").all_inner_texts()
    assert "Offers Air transport." in reasons
    assert (
        "Capacity covers the load: 32 passengers (2 needed); 16000 kg (12000 needed); 40 m³ (36 needed)."
        in reasons
    )
    assert any(r.startswith("6 h notice to move") and r.endswith("by the deadline.") for r in reasons)
    assert "0 km from Beira airport to Beira airport." in reasons
    second = officer.locator("li.match").nth(1)
    assert second.get_attribute("data-force") == "FADM"
    assert "Capacity short: 4000 kg (12000 needed)." in second.inner_text()
    assert "Conditions of the approval: Unarmed personnel only" in officer.locator(".matching").inner_text()
    screenshot(officer, "capabilities-matching-desktop")

    first.get_by_role("link", name="Choose SANDF with this asset").click()
    assert officer.get_by_label("Military organisation").input_value() == str(cast.force.pk)
    officer.get_by_label("Humanitarian point of contact").select_option(str(cast.requester.pk))
    officer.get_by_role("button", name="Task this force").click()
    assert "Tasked to SANDF" in officer.content()
    task = Task.objects.get(request=rfa)
    assert task.force == cast.force
    assert Assignment.objects.get(task=task).asset == oryx

    # SANDF accepts: the helicopters are committed for the task's window
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    liaison.goto(f"/capabilities/{oryx.pk}/")
    assert liaison.locator("h1 .status").inner_text() == "Committed"
    screenshot(liaison, "capabilities-asset-committed")

    # a second airlift in the same days: the helicopters are committed, the Mi-8 too small -- a gap
    other = approved(cast, make_request, title="Second airlift")
    officer.goto("/capabilities/gaps/")
    assert "Second airlift" in officer.content() and "Committed to another task until" in officer.content()
    screenshot(officer, "capabilities-gaps")

    # the ranked list on a phone, in Arabic (right to left)
    cast.officer.language = "ar"
    cast.officer.save(update_fields=["language"])
    phone = new_page(viewport=PHONE)
    login(phone, "officer")
    phone.goto(f"/requests/{other.pk}/task/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert "الأصول المعلنة، الأنسب أولاً" in phone.content()
    screenshot(phone, "capabilities-matching-phone-ar")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_registry_as_the_officer_and_as_a_requester(cast, new_page):
    today = timezone.localdate()
    for actor, force, description, capability in (
        (cast.liaison, cast.force, "2 × Oryx helicopters", "air_transport"),
        (cast.liaison_other_force, cast.other_force, "6 × Kamaz trucks", "land_transport"),
    ):
        services.asset_declare(
            operation=cast.operation,
            actor=actor,
            force=force,
            data={
                "capability": capability,
                "description": description,
                "quantity": 2,
                "payload_kg": 8000,
                "base_name": "Beira",
                "available_from": today,
                "constraints": ["armed_crew"],
            },
        )
    officer = new_page()
    login(officer, "officer")
    officer.goto("/capabilities/")
    rows = officer.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2 and "SANDF" in rows[0] + rows[1] and "FADM" in rows[0] + rows[1]
    screenshot(officer, "capabilities-registry-officer")

    requester = new_page(viewport=PHONE)
    login(requester, "requester")
    requester.goto("/capabilities/")
    text = requester.locator("main").inner_text()
    assert "Air transport" in text and "Land transport" in text
    assert "SANDF" not in text and "Oryx" not in text and "FADM" not in text
    screenshot(requester, "capabilities-registry-requester-phone")
    assert requester.evaluate("document.documentElement.scrollWidth") <= 375
