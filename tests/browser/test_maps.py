"""Browser: the maps of the demo operation. The operation map draws the demo's requests and tasks with no
request to any host but the server; clicking a leg opens its request; SANDF's liaison officer's map shows only
SANDF's task (FADM is given one too); the request form picks a place from the gazetteer and places a leg's end
by clicking. Screenshots at 1280 and 360 px; the bytes of the map page's first load are measured."""

import datetime
import gzip
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from cmcoord.models import Operation, Organization, User
from requests.models import AssistanceRequest, Meeting, Task
from requests.services import hct as decisions
from requests.services import meetings, tasking

from .conftest import ARTIFACTS, login, screenshot

PASSWORD = "cmcoord-demo-2026"
PHONE = {"width": 360, "height": 740}
BUDGET = 250 * 1024  # the target for the first load, compressed, basemap included


@pytest.fixture
def demo(transactional_db):
    """The demo, plus a task for FADM (decided and tasked through the services), so that a force's map is
    seen to leave out another force's task."""
    call_command("seed_demo")
    operation = Operation.objects.get(code="MOZ")
    rfa = AssistanceRequest.objects.get(operation=operation, title__startswith="Airlift of high-energy")
    # The demo puts it on Thursday's HCT meeting: cancelled here, the HC decides it now.
    for meeting in Meeting.objects.filter(operation=operation, status=Meeting.Status.SCHEDULED):
        meetings.meeting_cancel(meeting=meeting, actor=User.objects.get(username="officer"), reason="Moved.")
    today = timezone.localdate()
    decisions.decision_record(
        rfa=rfa,
        actor=User.objects.get(username="hc"),
        outcome="approved",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=10),
        rationale="No civilian lift before Friday.",
        present=[User.objects.get(username="hc")],
    )
    rfa.refresh_from_db()
    fadm_task = tasking.task_create(
        rfa=rfa,
        actor=User.objects.get(username="officer"),
        force=Organization.objects.get(acronym="FADM"),
        poc=User.objects.get(username="requester"),
    )
    return {"fadm_task": fadm_task, "sandf_task": Task.objects.exclude(pk=fadm_task.pk).get()}


def _watch(page, server_url):
    """Record every request the page makes; refuse (and record) any to another host."""
    server = urlsplit(server_url).netloc
    seen, foreign = [], []

    def route(r):
        url = urlsplit(r.request.url)
        if url.scheme in ("data", "blob") or url.netloc == server:
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda request: seen.append(request.url))
    return seen, foreign


def _ready(page, selector):
    page.wait_for_selector(f"{selector}[data-ready]")
    page.wait_for_selector(f"{selector} .basemap-country", state="attached")


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_operation_map_draws_the_demo_offline_and_a_click_opens_the_request(demo, new_page, live_server):
    page = new_page()
    login(page, "officer", PASSWORD)
    seen, foreign = _watch(page, live_server.url)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/maps/")
    _ready(page, "#operation-map")
    page.wait_for_load_state("networkidle")

    operation = Operation.objects.get(code="MOZ")
    visible = AssistanceRequest.objects.filter(operation=operation)
    legs = sum(rfa.legs.count() for rfa in visible) + sum(
        t.request.legs.count() for t in Task.objects.filter(status__in=["tasked", "accepted", "in_progress"])
    )
    assert page.locator("#operation-map").get_attribute("data-ready") == str(legs)
    table = page.locator(".map-table").inner_text()
    for rfa in visible:
        assert rfa.reference in table
    assert page.locator("path.leg:not(.arrow)").count() == legs
    assert page.locator("path.op-layer-roads").count() == 2  # the demo's uploaded layer
    assert foreign == [] and all(urlsplit(u).netloc == urlsplit(live_server.url).netloc for u in seen)
    screenshot(page, "map-operation-desktop")

    # the bytes of the first load, as sent compressed (whitenoise: static files; GZipMiddleware: HTML, JSON)
    first_load = [
        (r.url, r.body()) for r in responses if r.request.method == "GET" and "/accounts/" not in r.url
    ]
    lines, total_raw, total_gz = [], 0, 0
    for url, body in first_load:
        compressed = len(gzip.compress(body, compresslevel=9))
        total_raw += len(body)
        total_gz += compressed
        lines.append(f"{compressed:>8} {len(body):>9}  {urlsplit(url).path}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "map-bytes.txt").write_text(
        "gzip bytes   raw bytes  resource (the operation map's first load, demo data)\n"
        + "\n".join(lines)
        + f"\n{total_gz:>8} {total_raw:>9}  total\n"
    )
    assert any(url.endswith("basemap.geojson") for url, _ in first_load)
    assert any(url.endswith("leaflet.js") for url, _ in first_load)
    # the operation's country and its neighbours in detail (1:10m)
    assert any("/maps/detail/mozambique" in url for url, _ in first_load)
    assert any("/maps/detail/zimbabwe" in url for url, _ in first_load)
    assert total_gz < BUDGET, total_gz

    # clicking a leg opens its request
    airlift = visible.get(title__startswith="Airlift of high-energy")
    page.locator(f"path.leg-request-{airlift.pk}:not(.arrow)").first.click()
    page.wait_for_url(f"**/requests/{airlift.pk}/")
    _ready(page, f"#request-map-{airlift.pk}")
    assert page.locator("path.leg:not(.arrow)").count() == airlift.legs.count()
    screenshot(page, "map-request-desktop")
    assert foreign == []

    phone = new_page(viewport=PHONE)
    login(phone, "officer", PASSWORD)
    phone_seen, phone_foreign = _watch(phone, live_server.url)
    phone.goto("/maps/")
    _ready(phone, "#operation-map")
    screenshot(phone, "map-operation-phone")
    _fits(phone, PHONE["width"])
    assert phone_foreign == []


def test_the_liaison_officer_map_shows_only_the_force_task(demo, new_page, live_server):
    sandf, fadm = demo["sandf_task"], demo["fadm_task"]
    for viewport, name in ((None, "desktop"), (PHONE, "phone")):
        page = new_page(viewport=viewport)
        login(page, "liaison", PASSWORD)
        seen, foreign = _watch(page, live_server.url)
        page.goto("/maps/")
        _ready(page, "#operation-map")
        legs = page.locator("path.leg:not(.arrow)")
        assert legs.count() == sandf.request.legs.count()
        assert page.locator(f"path.leg-task-{sandf.pk}").count() >= 1
        assert page.locator(f"path.leg-task-{fadm.pk}").count() == 0
        assert page.locator("path[class*='leg-request-']").count() == 0
        table = page.locator(".map-table").inner_text()
        assert sandf.request.reference in table and fadm.request.reference not in table
        screenshot(page, f"map-liaison-{name}")
        if viewport:
            _fits(page, PHONE["width"])
        assert foreign == []

    # the task page: the map of its one task
    page.locator(f"a[href='/requests/tasks/{sandf.pk}/']").first.click()
    _ready(page, f"#task-map-{sandf.pk}")
    screenshot(page, "map-task-phone")
    _fits(page, PHONE["width"])
    assert foreign == []


def test_the_request_form_picks_a_place_from_the_gazetteer_and_places_an_end_by_clicking(demo, new_page):
    page = new_page()
    login(page, "requester", PASSWORD)
    page.goto("/requests/new/")
    page.wait_for_selector("#leg-picker-map[data-ready]")
    page.locator("#id_legs-0-from_name").fill("Beira airport")
    page.locator("#id_legs-0-from_name").dispatch_event("change")
    assert page.locator("#id_legs-0-from_lat").input_value() == "-19.79639"
    assert page.locator("#id_legs-0-from_lon").input_value() == "34.90778"
    page.locator("#id_legs-0-to_name").fill("Flooded village")
    page.locator("#id_legs-0-to_name").focus()
    assert page.locator("#leg-picker-target").input_value() == "1"
    page.locator("#leg-picker-map").click(position={"x": 120, "y": 120})
    lat = float(page.locator("#id_legs-0-to_lat").input_value())
    lon = float(page.locator("#id_legs-0-to_lon").input_value())
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert page.locator("#leg-picker-target").input_value() == "1"  # the last end: it stays there
    # a second leg starts where the first ended; the picker targets its end at once
    page.get_by_role("button", name="Add a leg").click()
    assert page.locator("#leg-picker-target option").count() == 4
    assert page.locator("#leg-picker-target").input_value() == "3"
    assert (
        page.locator("#id_legs-1-from_lat").input_value() == page.locator("#id_legs-0-to_lat").input_value()
    )
    page.locator("#leg-picker-map").click(position={"x": 200, "y": 160})
    assert page.locator("#id_legs-1-to_lat").input_value() not in (
        "",
        page.locator("#id_legs-0-to_lat").input_value(),
    )
    # a name of the gazetteer typed into the new row places it too
    page.locator("#id_legs-1-to_name").fill("Beira airport")
    page.locator("#id_legs-1-to_name").dispatch_event("change")
    assert page.locator("#id_legs-1-to_lat").input_value() == "-19.79639"
    page.locator(".leg-picker").screenshot(path=str(ARTIFACTS / "map-leg-picker.png"))


def test_the_request_form_works_without_javascript(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, "requester", PASSWORD)
        page.goto("/requests/new/")
        assert page.locator(".leg-picker").is_hidden()
        assert page.locator("#id_legs-0-from_lat").is_visible()
        gazetteer = "The operation's gazetteer of named places, with coordinates"
        assert page.get_by_role("link", name=gazetteer).count() == 1
    finally:
        context.close()


STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def test_the_maps_run_under_a_strict_csp_without_unsafe_inline(demo, new_page):
    """The coming policy (no inline script, no style attribute): every page with a map draws it, and the
    browser reports no violation."""
    page = new_page()
    login(page, "officer", PASSWORD)

    def with_csp(route):
        if route.request.resource_type != "document":
            return route.continue_()
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    page.route("**/*", with_csp)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile));"
    )
    task = demo["sandf_task"]
    for url, selector in (
        ("/maps/", "#operation-map"),
        (f"/requests/{task.request.pk}/", f"#request-map-{task.request.pk}"),
        (f"/requests/tasks/{task.pk}/", f"#task-map-{task.pk}"),
        ("/requests/new/", "#leg-picker-map"),
    ):
        page.goto(url)
        page.wait_for_selector(f"{selector}[data-ready]")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], url
    # the policy is in force: a style attribute set now is reported
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__csp.length > 0")
    assert "style-src" in page.evaluate("window.__csp")[0]
