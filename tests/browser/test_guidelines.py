"""An officer searches the library, opens a guideline and marks it in force; the pages fit a phone."""

import importlib

import pytest
from django.apps import apps

from guidelines.models import Guideline
from guidelines.selectors import criteria_for_operation

from .conftest import login, screenshot


@pytest.fixture
def library(transactional_db, cast):
    """The library of the data migrations (a transactional test before this one may have flushed it)."""
    if not Guideline.objects.exists():
        for name in ("0002_last_resort_criteria", "0004_global_library"):
            importlib.import_module(f"guidelines.migrations.{name}").forwards(apps, None)
    return cast


def test_an_officer_searches_opens_a_guideline_and_marks_it_in_force(library, new_page):
    cast = library
    page = new_page()
    login(page, "officer")
    page.wait_for_url("**/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Guidelines").click()
    page.wait_for_url("**/guidelines/")
    page.get_by_role("searchbox", name="Search").fill("coordination centre")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/guidelines/?q=*")
    result = page.locator(".results .result").first
    assert "APC-MADRO" in result.inner_text()
    assert page.locator(".results mark").count() >= 1
    screenshot(page, "guidelines-library-search")

    result.get_by_role("link").first.click()
    page.get_by_role("heading", level=1, name="Asia-Pacific Regional Guidelines").wait_for()
    page.get_by_role("button", name="Mark in force for Cyclone response — Mozambique").click()
    page.get_by_text("APC-MADRO is now in force").wait_for()
    assert page.locator(".badges .status.ok").inner_text().startswith("In force for")
    screenshot(page, "guidelines-detail")

    codes = [v.criterion.code for v in criteria_for_operation(cast.operation)]
    assert "apc_coordination_mechanism" in codes

    page.goto(f"/guidelines/operations/{cast.operation.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Guidelines in force")
    screenshot(page, "guidelines-operation")


def test_the_library_and_a_guideline_page_are_readable_on_a_phone(library, new_page):
    page = new_page(viewport={"width": 375, "height": 740})
    login(page, "liaison")
    page.wait_for_url("**/")

    page.goto("/guidelines/?q=convoy+escort")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "guidelines-library-phone")

    page.locator(".results .result a").first.click()
    page.get_by_role("heading", level=2, name="Criteria").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert "Mark in force" not in page.content()
    screenshot(page, "guidelines-detail-phone")

    old = Guideline.objects.get(short_name="UN-CMCoord Field Handbook", version="1.0")
    page.goto(old.get_absolute_url())
    assert "Superseded" in page.locator(".notice").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "guidelines-superseded-phone")
