"""The request pages: create, edit, assess, act, copy, comment, attach; filters, search, sorting, pages."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cmcoord.models import AuditEvent
from requests.models import AssistanceRequest, RequestAttachment

from .conftest import PDF, answer_all

S = AssistanceRequest.Status


def form_data(**overrides):
    today = timezone.localdate()
    data = {
        "title": "Boat transport of shelter kits",
        "requesting_officer": "Luis Matsinhe",
        "capability": "sea_transport",
        "assistance_type": "indirect",
        "description": "2,000 shelter kits by river.",
        "required_by": (today + datetime.timedelta(days=3)).isoformat(),
        "latest_acceptable": (today + datetime.timedelta(days=9)).isoformat(),
        "passengers": "0",
        "priority": "high",
        "legs-TOTAL_FORMS": "3",
        "legs-INITIAL_FORMS": "0",
        "legs-MIN_NUM_FORMS": "1",
        "legs-MAX_NUM_FORMS": "20",
        "legs-0-from_name": "Beira port",
        "legs-0-from_lat": "-19.83",
        "legs-0-from_lon": "34.84",
        "legs-0-to_name": "Nhamatanda",
        "legs-0-to_lat": "-19.27",
        "legs-0-to_lon": "34.22",
        "legs-1-from_name": "Nhamatanda",
        "legs-1-from_lat": "-19.27",
        "legs-1-from_lon": "34.22",
        "legs-1-to_name": "Tica",
        "legs-1-to_lat": "-19.45",
        "legs-1-to_lon": "34.40",
    }
    data.update(overrides)
    return data


def test_a_requester_logs_a_draft_with_two_legs_for_their_organisation(cast, client_for):
    # when a WFP requester fills the form (the organisation is theirs, whatever they post)
    response = client_for(cast.requester).post(
        reverse("requests:create"), form_data(organization=str(cast.wfp.pk))
    )
    # then a draft with the next reference and both legs exists, and its creation is audited
    rfa = AssistanceRequest.objects.get()
    assert response.status_code == 302 and response.url == rfa.get_absolute_url()
    assert (rfa.status, rfa.organization, rfa.reference) == (
        S.DRAFT,
        cast.wfp,
        f"MOZ-{rfa.created_at.year}-0001",
    )
    assert [str(leg) for leg in rfa.legs.all()] == ["Beira port → Nhamatanda", "Nhamatanda → Tica"]
    assert AuditEvent.objects.filter(verb="request.create", actor=cast.requester).count() == 1


def test_a_requester_cannot_request_for_another_organisation(cast, client_for):
    response = client_for(cast.requester).post(
        reverse("requests:create"), form_data(organization=str(cast.unicef.pk))
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not AssistanceRequest.objects.exists()


def test_hct_and_observers_cannot_create(cast, client_for):
    for user in (cast.hct_member, cast.hc, cast.observer):
        assert client_for(user).get(reverse("requests:create")).status_code == 404


def test_an_impossible_date_is_shown_next_to_the_field_and_nothing_typed_is_lost(cast, client_for):
    data = form_data(organization=str(cast.wfp.pk), latest_acceptable="2020-01-01")
    response = client_for(cast.requester).post(reverse("requests:create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The latest acceptable date cannot be before the required-by date." in html
    assert 'id="id_latest_acceptable_error"' in html
    for value in (
        "Boat transport of shelter kits",
        "2,000 shelter kits by river.",
        "Nhamatanda",
        "-19.45",
        "Tica",
    ):
        assert value in html
    assert not AssistanceRequest.objects.exists()


def test_bad_coordinates_are_refused_next_to_the_leg_field(cast, client_for):
    data = form_data(organization=str(cast.wfp.pk), **{"legs-0-from_lat": "95", "legs-1-to_lon": "-181"})
    html = client_for(cast.requester).post(reverse("requests:create"), data).content.decode()
    assert "Must be between -90 and 90." in html
    assert "Must be between -180 and 180." in html
    assert 'value="95"' in html
    assert not AssistanceRequest.objects.exists()


def test_a_request_needs_at_least_one_leg(cast, client_for):
    data = form_data(organization=str(cast.wfp.pk))
    for key in [k for k in data if k.startswith("legs-0-") or k.startswith("legs-1-")]:
        data[key] = ""
    html = client_for(cast.requester).post(reverse("requests:create"), data).content.decode()
    assert "Give at least one leg" in html
    assert not AssistanceRequest.objects.exists()


def test_negative_cargo_is_refused(cast, client_for):
    data = form_data(organization=str(cast.wfp.pk), cargo_weight_kg="-5")
    html = client_for(cast.requester).post(reverse("requests:create"), data).content.decode()
    assert "greater than or equal to 0" in html
    assert not AssistanceRequest.objects.exists()


def test_editing_is_allowed_in_draft_and_returned_only(cast, make_request, client_for):
    draft = make_request(status=S.RETURNED)
    page = client_for(cast.requester)
    data = form_data(title="Boat transport, revised", **{"legs-TOTAL_FORMS": "3"})
    assert page.post(reverse("requests:edit", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Boat transport, revised"
    assert draft.legs.count() == 2
    assert AuditEvent.objects.filter(verb="request.update").count() == 1

    submitted = make_request(status=S.SUBMITTED)
    page.post(reverse("requests:edit", args=[submitted.pk]), form_data(title="Changed"))
    submitted.refresh_from_db()
    assert submitted.title == "Airlift of food to Buzi"
    # another organisation's requester does not even see it
    assert (
        client_for(cast.requester_other_org).get(reverse("requests:edit", args=[draft.pk])).status_code == 404
    )


def test_the_assessment_form_records_one_answer_per_criterion(cast, make_request, client_for):
    rfa = make_request(status=S.UNDER_REVIEW)
    page = client_for(cast.officer)
    html = page.get(reverse("requests:assess", args=[rfa.pk])).content.decode()
    assert html.count('type="radio"') == 6 * 4
    data = {
        "answer_no_civilian_alternative": "not_met",
        "justification_no_civilian_alternative": "A trucker.",
    }
    data.update({"answer_timeliness": "met", "justification_timeliness": "Lives at stake."})
    assert page.post(reverse("requests:assess", args=[rfa.pk]), data).status_code == 302
    assert sorted(rfa.answers.values_list("criterion_code", "answer")) == [
        ("no_civilian_alternative", "not_met"),
        ("timeliness", "met"),
    ]
    detail = page.get(rfa.get_absolute_url()).content.decode()
    assert "1 criterion not met or unclear" in detail
    assert "answer-not_met" in detail
    assert "4 of 6 not answered yet" in detail


def test_an_answer_without_justification_is_refused_and_kept(cast, make_request, client_for):
    rfa = make_request(status=S.DRAFT)
    response = client_for(cast.requester).post(
        reverse("requests:assess", args=[rfa.pk]),
        {"answer_timeliness": "unclear", "justification_consent_no_cost": "Government letter of 15 March."},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Justify the answer." in html
    assert "Choose met, not met or unclear." in html
    assert "Government letter of 15 March." in html
    assert not rfa.answers.exists()


def test_the_detail_page_offers_the_buttons_of_the_table_and_they_work(cast, make_request, client_for):
    rfa = make_request(status=S.SUBMITTED)
    page = client_for(cast.officer)
    html = page.get(rfa.get_absolute_url()).content.decode()
    for label in ("Start review", "Return to requester", "Cancel request"):
        assert label in html
    assert "Put to the HCT" not in html
    response = page.post(
        reverse("requests:action", args=[rfa.pk]), {"action": "start_review", "expected_status": "submitted"}
    )
    assert response.status_code == 302
    rfa.refresh_from_db()
    assert rfa.status == S.UNDER_REVIEW
    # a stale page (still "submitted") is told someone acted meanwhile, and nothing changes
    stale = page.post(
        reverse("requests:action", args=[rfa.pk]),
        {"action": "return_to_requester", "expected_status": "submitted", "comment": "More info"},
        follow=True,
    )
    assert "Someone else changed this request meanwhile" in stale.content.decode()
    rfa.refresh_from_db()
    assert rfa.status == S.UNDER_REVIEW


def test_a_refused_action_on_the_page_says_why(cast, make_request, client_for):
    rfa = make_request(status=S.UNDER_REVIEW)
    response = client_for(cast.officer).post(
        reverse("requests:action", args=[rfa.pk]), {"action": "put_to_hct"}, follow=True
    )
    assert "Answer every criterion of the last-resort assessment first" in response.content.decode()
    answer_all(rfa, cast.officer)
    client_for(cast.officer).post(reverse("requests:action", args=[rfa.pk]), {"action": "put_to_hct"})
    rfa.refresh_from_db()
    assert rfa.status == S.WITH_HCT


def test_the_timeline_shows_who_moved_it_and_why(cast, make_request, client_for):
    from requests.services import rfa as services

    rfa = make_request(status=S.SUBMITTED)
    services.request_return_to_requester(rfa=rfa, actor=cast.officer, comment="Which carriers were asked?")
    html = client_for(cast.requester).get(rfa.get_absolute_url()).content.decode()
    assert "returned it to the requester" in html
    assert 'Submitted <span class="dir-arrow">→</span> Returned for information' in html
    assert "Which carriers were asked?" in html


def test_copy_as_new_makes_a_draft_with_the_facts_and_legs_but_not_the_assessment(
    cast, make_request, client_for, attach
):
    source = make_request(status=S.COMPLETED, answered=True)
    attach(source)
    response = client_for(cast.requester).post(reverse("requests:copy", args=[source.pk]))
    copy = AssistanceRequest.objects.exclude(pk=source.pk).get()
    assert response.url == reverse("requests:edit", args=[copy.pk])
    assert (copy.status, copy.title, copy.copied_from) == (S.DRAFT, source.title, source)
    assert [str(leg) for leg in copy.legs.all()] == [str(leg) for leg in source.legs.all()]
    assert not copy.answers.exists() and not copy.attachments.exists()
    assert AuditEvent.objects.filter(verb="request.copy", actor=cast.requester).count() == 1


def test_an_attachment_is_checked_for_size_and_type(cast, make_request, client_for, settings):
    rfa = make_request(status=S.DRAFT)
    page = client_for(cast.requester)
    url = reverse("requests:attach", args=[rfa.pk])
    forged = page.post(
        url, {"file": SimpleUploadedFile("manifest.pdf", b"MZ\x90\x00 not a pdf")}, follow=True
    )
    assert "its content is not a PDF file" in forged.content.decode()
    exe = page.post(url, {"file": SimpleUploadedFile("tool.exe", b"MZ")}, follow=True)
    assert "are not accepted" in exe.content.decode()
    big = page.post(url, {"file": SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024 + 1))}, follow=True)
    assert "attachments may be at most 10 MB" in big.content.decode()
    assert not RequestAttachment.objects.exists()
    assert not AuditEvent.objects.filter(verb="request.attach").exists()
    page.post(url, {"file": SimpleUploadedFile("manifest.pdf", PDF)})
    attachment = RequestAttachment.objects.get()
    assert AuditEvent.objects.filter(verb="request.attach").count() == 1
    download = page.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_filters_search_sorting_and_pagination(cast, make_request, client_for):
    make_request(title="Helicopter to Buzi", priority="normal", capability="air_transport")
    make_request(title="Road clearing", priority="life_saving", capability="engineering", status=S.SUBMITTED)
    unicef = make_request(
        title="Cold chain", org=cast.unicef, priority="high", capability="logistics_storage"
    )
    page = client_for(cast.officer)

    def titles(query):
        html = page.get(reverse("requests:list") + query).content.decode()
        return [t for t in ("Helicopter to Buzi", "Road clearing", "Cold chain") if t in html]

    assert titles("?status=submitted") == ["Road clearing"]
    assert titles("?capability=engineering") == ["Road clearing"]
    assert titles("?priority=high") == ["Cold chain"]
    assert titles(f"?organization={cast.unicef.pk}") == ["Cold chain"]
    assert titles("?q=helicopter") == ["Helicopter to Buzi"]
    assert titles(f"?q={unicef.reference}") == ["Cold chain"]
    assert len(titles("?q=Beira")) == 3  # a place of their legs
    far = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert titles(f"?required_from={far}") == []
    html = page.get(reverse("requests:list") + "?sort=priority").content.decode()
    assert html.index("Road clearing") < html.index("Cold chain") < html.index("Helicopter to Buzi")
    for i in range(25):
        make_request(title=f"Extra {i}")
    first = page.get(reverse("requests:list") + "?sort=created").content.decode()
    assert "Page 1 of 2" in first and "Extra 24" not in first
    second = page.get(reverse("requests:list") + "?sort=created&page=2").content.decode()
    assert "Extra 24" in second


def test_home_panels_show_what_waits_for_each_role(cast, make_request, client_for):
    submitted = make_request(status=S.SUBMITTED, title="Waiting for review")
    returned = make_request(status=S.RETURNED, title="Back to WFP")
    with_hct = make_request(status=S.WITH_HCT, title="Before the HCT")

    def home(user):
        return client_for(user).get("/").content.decode()

    assert submitted.reference in home(cast.officer) and "Requests waiting for review" in home(cast.officer)
    assert returned.reference in home(cast.requester) and submitted.reference not in home(cast.requester)
    assert returned.reference not in home(cast.requester_other_org)
    assert with_hct.reference in home(cast.hc) and submitted.reference not in home(cast.hct_member)
    assert "Recent requests" in home(cast.observer)
    liaison_home = home(cast.liaison)
    assert with_hct.reference not in liaison_home and 'href="/requests/"' not in liaison_home
    assert 'href="/requests/"' in home(cast.observer)


def test_the_requester_withdraws_on_the_page_saying_why(cast, make_request, client_for):
    rfa = make_request(status=AssistanceRequest.Status.SUBMITTED, org=cast.wfp)
    client = client_for(cast.requester)
    page = client.get(rfa.get_absolute_url()).content.decode()
    # the withdraw form offers the reasons, one required choice
    assert 'name="reason" value="civilian_means" required' in page
    assert "A civilian means was found" in page
    url = reverse("requests:action", args=[rfa.pk])
    refused = client.post(url, {"action": "withdraw", "comment": "x"}, follow=True).content.decode()
    assert "choose a reason" in refused
    rfa.refresh_from_db()
    assert (rfa.status, rfa.withdrawal_reason) == (AssistanceRequest.Status.SUBMITTED, "")
    client.post(url, {"action": "withdraw", "reason": "civilian_means", "comment": "Trucks found."})
    rfa.refresh_from_db()
    assert (rfa.status, rfa.withdrawal_reason) == (AssistanceRequest.Status.WITHDRAWN, "civilian_means")
