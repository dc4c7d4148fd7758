"""Browser: a requester notifies a convoy; the officer transmits it to SANDF and FADM; each party's liaison
officer acknowledges receipt on a phone-width screen; the officer sees both acknowledgements with their times.
Screenshots: the party's page on a phone, and the officer's page with both acknowledgements."""

import datetime

from django.utils import timezone

from deconfliction.models import Acknowledgement, HumanitarianNotification, Transmission

from .conftest import login, screenshot
from .test_requests import PHONE


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _fill(page, values: dict):
    for name, value in values.items():
        field = page.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_a_convoy_is_notified_transmitted_and_acknowledged_by_both_parties(cast, new_page):
    start = timezone.localtime() + datetime.timedelta(days=1)
    end = start + datetime.timedelta(hours=8)
    requester = new_page()
    login(requester, "requester")
    requester.goto("/deconfliction/")
    requester.get_by_role("link", name="Notify a movement").click()
    _fill(
        requester,
        {
            "movement_type": "convoy",
            "purpose": "Delivery of food to Nhamatanda",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            "vehicle_count": "3",
            "vehicle_type": "white trucks",
            "markings": "WFP flags",
            "call_sign": "WFP CONVOY 7",
            "party_contact": "Convoy leader +258 84 000 0007",
            "staff_count": "9",
            "internal_notes": "Driver rota internal",
            "legs-0-from_name": "Beira",
            "legs-0-from_lat": "-19.84361",
            "legs-0-from_lon": "34.83889",
            "legs-0-to_name": "Nhamatanda",
            "legs-0-to_lat": "-19.29167",
            "legs-0-to_lon": "34.20528",
        },
    )
    requester.get_by_role("button", name="Submit").click()
    requester.wait_for_url("**/deconfliction/*/")
    convoy = HumanitarianNotification.objects.get()
    assert convoy.reference in requester.content()

    officer = new_page()
    login(officer, "officer")
    officer.goto(f"/deconfliction/{convoy.pk}/")
    officer.get_by_label("SANDF").check()
    officer.get_by_label("FADM").check()
    officer.get_by_role("button", name="Transmit", exact=True).click()
    officer.wait_for_selector("text=Transmitted to")
    assert Transmission.objects.filter(notification=convoy).count() == 2

    convoy_legs = convoy.current_version.legs.count()
    for username, force, shot in (
        ("liaison", cast.force, "hn-party-sandf-phone"),
        ("liaison_fadm", cast.other_force, "hn-party-fadm-phone"),
    ):
        phone = new_page(viewport=PHONE)
        login(phone, username)
        phone.goto("/deconfliction/")
        # the party's map: the convoy's legs as lines with arrows, from what was sent to this force
        phone.wait_for_selector("#received-map[data-ready]")
        assert phone.locator("#received-map").get_attribute("data-ready") == str(convoy_legs)
        assert (
            phone.locator(
                f"#received-map path.leg-hn-{Transmission.objects.get(notification=convoy, party=force).pk}"
            ).count()
            >= 1
        )
        screenshot(phone, f"{shot}-map")
        _fits_a_phone(phone)
        phone.get_by_role("link", name=convoy.reference).click()
        body = phone.content()
        assert "Nhamatanda" in body and "WFP CONVOY 7" in body
        assert "Driver rota internal" not in body
        phone.get_by_role("button", name="Acknowledge receipt").click()
        phone.wait_for_selector("text=Receipt acknowledged")
        screenshot(phone, shot)
        _fits_a_phone(phone)
        assert Transmission.objects.get(notification=convoy, party=force).status == "acknowledged"

    officer.goto(f"/deconfliction/{convoy.pk}/")
    parties = officer.locator("#parties")
    for ack in Acknowledgement.objects.select_related("transmission__party"):
        row = parties.locator("tr", has_text=ack.transmission.party.short_name)
        assert "Acknowledged" in row.inner_text()
        stamp = timezone.localtime(ack.at).strftime("%H:%M:%S")
        assert stamp in row.inner_text()
    screenshot(officer, "hn-officer-both-acknowledged")


def test_a_party_reads_it_in_arabic_right_to_left_on_a_phone(cast, new_page):
    from deconfliction import services
    from tests.deconfliction.conftest import LEGS, movement_fields

    convoy = services.notification_submit(
        operation=cast.operation,
        organization=cast.wfp,
        kind="movement",
        actor=cast.requester,
        fields=movement_fields(),
        legs=LEGS,
    )
    (transmission,) = services.notification_transmit(
        notification=convoy, actor=cast.officer, parties=[cast.force]
    )
    cast.liaison.language = "ar"
    cast.liaison.save(update_fields=["language"])

    phone = new_page(viewport=PHONE)
    login(phone, "liaison")
    phone.goto(f"/deconfliction/received/{transmission.pk}/")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert "الإقرار بالاستلام" in phone.content()  # "Acknowledge receipt"
    screenshot(phone, "hn-party-arabic-phone")
    _fits_a_phone(phone)
