"""The demo's data in each language: no English UI text left, and <html lang dir> right.

tests/test_every_page_in_every_language.py renders every page of every role (the authorization matrix's
routes, on its world: a request in three states). This file walks what that world does not have: the demo
operation's data, whose requests, tasks, assets and notifications are in every state (each state's own
labels, actions and notices), its lists full of them, a search with results and one without, and the 404
page; then the pages before login, which follow the browser, and a form's errors. Forms whose text does not
depend on the data are left to the other test.

What users wrote (titles, descriptions, names) stays in its language and is not English UI text: the check
compares the visible text with the English msgids of the catalogue only.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from capabilities.models import Asset
from cmcoord.models import Operation
from contacts.models import Contact, CoordinationPlatform
from deconfliction.models import HumanitarianNotification, Transmission
from guidelines.models import Guideline
from requests.models import AssistanceRequest, HctReferral, Task
from tests.cmcoord.i18n_helpers import LANGUAGES, RTL, english_left, visible_text
from tests.conftest import mfa_verified_login

DEMO_USERS = ["officer", "requester", "hct", "hc", "liaison", "observer"]
# Demo data that happens to be spelt like a msgid (user content, not the UI's text).
DEMO_CONTENT = {
    "Beira",
    "Logistics Cluster",
    "Cyclone response — Mozambique",
    "Humanitarian Coordinator",  # a contact's job title
    "Roads cut by the floods",  # the demo's map layer
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Operation.objects.get(code="MOZ")


def _pages(operation) -> list[str]:
    """The demo's lists, searches and objects: one URL of each kind of page for each state of its object."""
    urls = [
        reverse("home"),
        reverse("operation-detail", args=[operation.pk]),
        reverse("notifications"),
        reverse("requests:list"),
        reverse("requests:hct_waiting"),
        reverse("requests:tasks"),
        reverse("contacts:directory"),
        reverse("contacts:directory") + "?stale=on&q=zzz-no-match",
        reverse("contacts:organizations"),
        reverse("contacts:platforms"),
        reverse("contacts:access-log"),
        reverse("guidelines:library"),
        reverse("guidelines:library") + "?q=armed",
        reverse("guidelines:operation", args=[operation.pk]),
        reverse("maps:operation"),
        reverse("maps:places"),
        reverse("maps:layers"),
        reverse("capabilities:registry"),
        reverse("capabilities:gaps"),
        reverse("deconfliction:list"),
        "/no-such-page/",
    ]
    urls += [reverse("capabilities:detail", args=[a.pk]) for a in Asset.objects.filter(operation=operation)]
    seen = set()
    for rfa in AssistanceRequest.objects.filter(operation=operation).order_by("pk"):
        if rfa.status in seen:
            continue
        seen.add(rfa.status)
        for name in ("detail", "edit", "assess", "print", "hct_put", "decide", "task_create"):
            urls.append(reverse(f"requests:{name}", args=[rfa.pk]))
    for referral in HctReferral.objects.filter(request__operation=operation):
        urls.append(reverse("requests:hct_respond", args=[referral.pk]))
    for task in Task.objects.filter(request__operation=operation):
        urls.append(reverse("requests:task_detail", args=[task.pk]))
    contact = Contact.objects.filter(operation=operation).order_by("pk").first()
    urls += [reverse("contacts:card", args=[contact.pk])]
    urls.append(reverse("contacts:organization", args=[contact.organization_id]))
    platform = CoordinationPlatform.objects.filter(operation=operation).order_by("pk").first()
    urls.append(reverse("contacts:platform", args=[platform.pk]))
    for guideline in Guideline.objects.order_by("pk"):
        urls.append(reverse("guidelines:detail", args=[guideline.pk]))
    # Humanitarian notifications: each of the demo's, and what each party received.
    for notification in HumanitarianNotification.objects.filter(operation=operation):
        urls.append(notification.get_absolute_url())
    urls += [t.get_absolute_url() for t in Transmission.objects.filter(operation=operation)]
    return urls


def _check(html: str, language: str, where: str) -> list[str]:
    attrs, pieces = visible_text(html)
    problems = []
    if attrs.get("lang") != language or attrs.get("dir") != ("rtl" if language in RTL else "ltr"):
        problems.append(f"{where}: <html lang={attrs.get('lang')!r} dir={attrs.get('dir')!r}>")
    problems += [f"{where}: {piece!r}" for piece in english_left(pieces, language, DEMO_CONTENT)]
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demos_data_is_in_the_language(demo, client, django_user_model, language):
    pages = _pages(demo)
    problems = []
    shown = 0
    for username in DEMO_USERS:
        user = django_user_model.objects.get(username=username)
        user.language = language  # the user's stored preference
        user.save(update_fields=["language"])
        mfa_verified_login(client, user)
        for url in pages:
            response = client.get(url)
            if response.status_code != 200 and url != "/no-such-page/":
                continue  # not a page of this role (404) or a redirect
            shown += 1
            problems += _check(response.content.decode(), language, f"{username} {url}")
        client.logout()

    assert shown > 100  # every role saw its pages
    assert not problems, f"{len(problems)} English pieces, e.g.:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_before_login_follow_the_browser(demo, client, language):
    problems = []
    for url in [
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        "/no-such-page/",
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
        problems += _check(response.content.decode(), language, url)

    assert not problems, "\n".join(problems[:40])


def test_a_form_error_is_in_the_language_of_the_page(demo, client, django_user_model):
    user = django_user_model.objects.get(username="requester")
    user.language = "fr"
    user.save(update_fields=["language"])
    mfa_verified_login(client, user)

    response = client.post(reverse("requests:create"), {"title": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html
    assert not english_left(visible_text(html)[1], "fr", DEMO_CONTENT)
