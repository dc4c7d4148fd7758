"""How much it costs an officer to log one two-leg air request, answer its assessment and submit it.

    .venv/bin/python benchmarks/log_request.py --base http://127.0.0.1:8000 [--flow one-page|separate]

Against a running server with the demo (`make run`), as `officer`, in Debian's Chromium (Playwright), it does
the task the way a person would and counts, from the empty "New request" page to the submitted request:
- clicks: buttons and links pressed, radio buttons and checkboxes ticked, drop-downs opened;
- inputs: fields given a value (typed, picked in a drop-down, or a radio/checkbox answered);
- typed characters;
- page loads: documents the browser loaded (each redirect's target counts);
- bytes: everything sent over the wire (encodedDataLength: compressed bodies and headers), pages and assets.

`separate` is the flow of the pages before issue 10 item 6 (save the draft, open the assessment page, answer
it, save it, then submit from the request's page); `one-page` answers the assessment on the "New request"
page, where leg 2 starts where leg 1 ended, and submits from there.
"""

import argparse
import datetime
import json
import os
import re

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "cmcoord-demo-2026"
LEGS = [
    ("Beira airport", "-19.79639", "34.90778", "Buzi", "-19.87333", "34.62083"),
    ("Buzi", "-19.87333", "34.62083", "Guara-Guara", "-19.65", "34.38"),
]


class Meter:
    def __init__(self, page):
        self.page = page
        self.clicks = self.inputs = self.chars = self.loads = 0
        self.on = False
        self.finished = []
        page.on("response", self._response)
        page.on("requestfinished", lambda request: self.on and self.finished.append(request))

    @property
    def bytes(self) -> int:
        """What went over the wire: each response's headers and (compressed) body, and each request."""
        total = 0
        for request in self.finished:
            sizes = request.sizes()
            total += sum(max(0, sizes[k]) for k in sizes)
        return total

    def _response(self, response):
        if self.on and response.request.resource_type == "document" and response.status < 300:
            self.loads += 1

    def fill(self, locator, value):
        if locator.input_value() == value:
            return  # already there (e.g. a leg that starts where the previous one ended)
        locator.fill(value)
        self.inputs += 1
        self.chars += len(value)

    def select(self, locator, **option):
        locator.select_option(**option)
        self.clicks += 1
        self.inputs += 1

    def check(self, locator):
        locator.check()
        self.clicks += 1
        self.inputs += 1

    def click(self, locator):
        locator.click()
        self.clicks += 1


def fill_ask(m: Meter, page, today):
    m.select(page.get_by_label("Requesting organisation"), label="World Food Programme (WFP)")
    m.fill(page.get_by_label("Title"), "Airlift of biscuits to Buzi and Guara-Guara")
    m.select(page.locator("#id_capability"), value="air_transport")
    m.select(page.get_by_label("Assistance type"), value="indirect")
    m.select(page.get_by_label("Priority"), value="life_saving")
    m.fill(page.get_by_label("Task description"), "Buzi and Guara-Guara are cut off; 12 t of biscuits.")
    m.fill(page.get_by_label("Required by"), str(today + datetime.timedelta(days=2)))
    m.fill(page.get_by_label("Latest acceptable date"), str(today + datetime.timedelta(days=5)))
    m.fill(page.get_by_label("Cargo weight (kg)"), "12000")


def fill_legs(m: Meter, page):
    for i, values in enumerate(LEGS):
        if i and page.locator(f"#id_legs-{i}-from_name").count() == 0:
            m.click(page.get_by_role("button", name="Add a leg"))
        for field, value in zip(
            ["from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"], values, strict=True
        ):
            m.fill(page.locator(f"#id_legs-{i}-{field}"), value)


def answer_assessment(m: Meter, page):
    codes = page.eval_on_selector_all(
        'input[type=radio][name^="answer_"][value="met"]', "els => els.map(e => e.name.slice(7))"
    )
    for i, code in enumerate(codes):
        m.check(page.locator(f'input[name="answer_{code}"][value="met"]'))
        m.fill(page.locator(f"#id_justification_{code}"), f"Checked with the Logistics Cluster ({i}).")
    return len(codes)


def run(base: str, flow: str) -> dict:
    today = datetime.date.today()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"], headless=True
        )
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("officer")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        m = Meter(page)
        m.on = True
        page.goto("/requests/new/")
        m.loads = max(m.loads, 1)
        fill_ask(m, page, today)
        fill_legs(m, page)
        if flow == "separate":
            m.click(page.get_by_role("button", name="Save draft"))
            page.wait_for_url(re.compile(r".*/requests/\d+/$"))
            m.click(page.get_by_role("link", name="Answer the assessment"))
            criteria = answer_assessment(m, page)
            m.click(page.get_by_role("button", name="Save assessment"))
            page.wait_for_url(re.compile(r".*/requests/\d+/$"))
            m.click(page.get_by_role("button", name="Submit", exact=True))
        else:
            criteria = answer_assessment(m, page)
            m.click(page.get_by_role("button", name="Save and submit"))
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        status = page.locator(".status.big").inner_text()
        m.on = False
        transferred = m.bytes
        browser.close()
    return {
        "flow": flow,
        "criteria": criteria,
        "status": status,
        "clicks": m.clicks,
        "inputs": m.inputs,
        "typed_characters": m.chars,
        "page_loads": m.loads,
        "bytes": transferred,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--flow", choices=["separate", "one-page"], default="one-page")
    args = parser.parse_args()
    print(json.dumps(run(args.base, args.flow)))
