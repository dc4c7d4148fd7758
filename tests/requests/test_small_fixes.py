"""Small fixes of the field issue: breadcrumbs only to pages the reader may open, the API docs linked for the
officers, and mixed-direction text (Arabic place names) isolated on the pages and typed in its direction."""

import re

import pytest

from requests.forms.rfa import LegForm, RequestForm

from .conftest import LEG
from .hct_helpers import tasked

ARABIC = "مطار بيرا"  # "Beira airport"


def test_a_requester_on_a_task_page_gets_no_breadcrumb_to_the_task_list(cast, make_request, client_for):
    rfa, task = tasked(cast, make_request)
    requester = client_for(cast.requester)
    assert requester.get("/requests/tasks/").status_code == 404
    html = requester.get(task.get_absolute_url()).content.decode()
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', html, re.S).group(1)
    assert 'href="/requests/tasks/"' not in crumbs
    assert f'href="{rfa.get_absolute_url()}"' in crumbs


@pytest.mark.parametrize("who", ["liaison", "officer", "observer"])
def test_who_may_list_tasks_keeps_the_tasks_breadcrumb(cast, make_request, client_for, who):
    _, task = tasked(cast, make_request)
    page = client_for(getattr(cast, who))
    html = page.get(task.get_absolute_url()).content.decode()
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', html, re.S).group(1)
    assert 'href="/requests/tasks/"' in crumbs
    assert page.get("/requests/tasks/").status_code == 200


@pytest.mark.parametrize(
    "who, linked",
    [("officer", True), ("requester", False), ("hct_member", False), ("hc", False), ("liaison", False)],
)
def test_the_api_docs_are_linked_for_the_cmcoord_officers(cast, client_for, who, linked):
    html = client_for(getattr(cast, who)).get("/").content.decode()
    assert ('href="/api/docs/"' in html) is linked


def test_arabic_place_names_are_isolated_on_the_lists_and_the_task_page(cast, make_request, client_for):
    leg = {**LEG, "from_name": ARABIC}
    _, task = tasked(cast, make_request, legs=[leg])
    officer = client_for(cast.officer)
    for url in ["/requests/", "/requests/tasks/", task.get_absolute_url(), task.request.get_absolute_url()]:
        assert f"<bdi>{ARABIC}</bdi>" in officer.get(url).content.decode(), url
    assert f"<bdi>{ARABIC}</bdi>" in client_for(cast.liaison).get(task.get_absolute_url()).content.decode()


def test_free_text_inputs_follow_the_direction_of_what_is_typed(cast):
    leg = LegForm()
    assert leg.fields["from_name"].widget.attrs["dir"] == "auto"
    assert "dir" not in leg.fields["from_lat"].widget.attrs  # numbers stay as they are
    form = RequestForm(organizations=cast.operation.organizations.all())
    assert form.fields["title"].widget.attrs["dir"] == "auto"
    assert form.fields["description"].widget.attrs["dir"] == "auto"
    assert "dir" not in form.fields["required_by"].widget.attrs
