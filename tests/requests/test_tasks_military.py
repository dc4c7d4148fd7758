"""What reaches the military: every field of the request, decision and task models (and their children) is
either in the SHAREABLE list of DOMAIN.md or found in no response a liaison officer can receive. Plus who sees
a task (page and API, every role), and constant query counts on the military task list."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from guidelines.models import Guideline
from requests.models import (
    AssessmentAnswer,
    AssistanceRequest,
    Decision,
    HctReferral,
    HctResponse,
    Meeting,
    RequestAttachment,
    RequestComment,
    RequestLeg,
    Task,
    TaskReport,
)
from requests.permissions import FORCE_VISIBLE
from requests.services import tasking
from tests.factories import OrganizationFactory, UserFactory

from .hct_helpers import tasked, written


def _contains(body: str, string: str) -> bool:
    """A numeric sentinel (a year, a size) counts only as a whole number, never inside a longer run of digits
    such as a timestamp's microseconds."""
    if string.isdigit():
        return re.search(rf"(?<!\d){string}(?!\d)", body) is not None
    return string in body


def _free_years(margin: int = 1000):
    """Years for the date sentinels that no key of this test can equal: a key is shown as a whole number too
    (/requests/tasks/2047/), and the keys of a long run pass 2040. Every key of this test is a small seeded
    one or near a sequence's last value (rows made before or after this point), so those neighbourhoods are
    skipped."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT last_value FROM pg_sequences WHERE last_value IS NOT NULL")
        else:
            cursor.execute("SELECT seq FROM sqlite_sequence")
        near = [value for (value,) in cursor.fetchall()]
    return (y for y in range(2040, 9000) if all(abs(y - value) > margin for value in near))


S = AssistanceRequest.Status

# DOMAIN.md "Tasking the military", as the one list the code reads (permissions.FORCE_VISIBLE), plus the
# task's link to its point of contact (shared only as the copies poc_name / poc_organization / poc_email) and
# the task's own update time.
SHAREABLE = {model: set(fields) for model, fields in FORCE_VISIBLE.items()}
SHAREABLE[Task] |= {"poc", "updated_at"}
# Fields that cannot carry a unique sentinel: keys, links between these rows, the operation (the liaison
# officer's own), choices and booleans whose values are shared words.
NOT_FILLABLE = {
    # withdrawal_reason: a choice of three values the schema lists (no sentinel fits), and a withdrawn request
    # never reaches a force.
    AssistanceRequest: {"id", "operation", "status", "endorsing_cluster", "withdrawal_reason"},
    RequestLeg: {"id", "request"},
    AssessmentAnswer: {"id", "request", "criterion_version", "answer"},
    RequestComment: {"id", "request"},
    RequestAttachment: {"id", "request"},
    HctReferral: {"id", "request", "procedure", "state", "proposed_outcome"},
    Meeting: {"id", "operation", "status"},
    HctResponse: {"id", "referral", "position"},
    # direct_assistance_confirmed: a boolean carries no sentinel.
    Decision: {
        "id",
        "request",
        "referral",
        "outcome",
        "procedure",
        "supersedes",
        "direct_assistance_confirmed",
    },
    Task: {"id", "request"},
    TaskReport: {"id", "task"},
}
MODELS = list(NOT_FILLABLE)
# Non-shareable dates and times: each gets a year of its own, looked for in every response.
DATE_FIELDS = {
    (AssistanceRequest, "created_at"),
    (AssistanceRequest, "updated_at"),
    (AssistanceRequest, "submitted_at"),
    (AssistanceRequest, "put_to_hct_at"),
    (AssessmentAnswer, "answered_at"),
    (RequestComment, "created_at"),
    (RequestAttachment, "uploaded_at"),
    (HctReferral, "deadline"),
    (HctReferral, "proposed_valid_from"),
    (HctReferral, "proposed_valid_until"),
    (HctReferral, "opened_at"),
    (HctReferral, "closed_at"),
    (HctResponse, "responded_at"),
    (Decision, "created_at"),
    (Meeting, "starts_at"),
    (Meeting, "attendance_recorded_at"),
    (Meeting, "created_at"),
    (Meeting, "updated_at"),
}


def _fields(model):
    """The model's own fields: concrete columns and forward many-to-many (reverse relations are others')."""
    return [f for f in model._meta.get_fields() if f.concrete or (f.many_to_many and not f.auto_created)]


def _set_up_write(model, pk, **values):
    """Test set-up only: write a sentinel into a row, past the append-only guard of decisions, responses and
    reports (triggers are off for this one statement, inside the test's transaction: replication role)."""
    from django.db import connection
    from django.db.models import QuerySet

    from cmcoord.models import AppendOnlyModel

    if not issubclass(model, AppendOnlyModel):
        model.objects.filter(pk=pk).update(**values)
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    QuerySet(model).filter(pk=pk).update(**values)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")


def _person(tag):
    user = UserFactory(
        username=f"zq{tag}", first_name=f"Zqfirst{tag}", last_name=f"Zqlast{tag}", email=f"zq{tag}@zq.example"
    )
    return user, [user.username, user.first_name, user.last_name, user.email]


@pytest.fixture
def sentinel_world(cast, make_request, attach):
    """A task of SANDF whose request, decisions, HCT procedure and children carry a sentinel in every field
    that can take one; returns (task, {(model, field): [strings looked for]})."""
    from cmcoord.models import Organization

    rfa, referral = written(cast, make_request, hours=1)
    from requests.services import hct as decisions

    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree", comment="x")
    deferral = decisions.decision_record(rfa=rfa, actor=cast.hc, outcome="deferred", rationale="first")
    today = timezone.localdate()
    decision = decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved_with_conditions",
        conditions=["Zqcondition unarmed"],
        valid_from=today,
        valid_until=today + datetime.timedelta(days=9),
        rationale="second",
    )
    rfa.refresh_from_db()
    task = tasking.task_create(
        rfa=rfa, actor=cast.officer, force=cast.force, poc=cast.requester, poc_phone="1"
    )
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    tasking.task_report_progress(task=task, actor=cast.liaison, text="Zqreport loaded")
    comment = RequestComment.objects.create(request=rfa, author=cast.officer, text="x")
    attachment = attach(rfa)
    answer = AssessmentAnswer.objects.filter(request=rfa).first()
    response = HctResponse.objects.get(referral=referral)
    copy = make_request(title="Zqcopiedfromtitle")
    rejected = make_request(status=S.REJECTED, title="Zqrejectedtitle")
    draft = make_request(status=S.DRAFT, title="Zqdrafttitle")

    looked_for: dict = {}
    year = _free_years()

    def stamp(model, pk, name, value, strings):
        _set_up_write(model, pk, **{name: value})
        looked_for[(model, name)] = strings

    def text(model, pk, name):
        value = f"Zq{model.__name__}{name}Zq"
        stamp(model, pk, name, value, [value])

    def person(model, pk, name):
        user, strings = _person(f"{model.__name__.lower()}{name.replace('_', '')}")
        stamp(model, pk, name, user, strings)

    def when(model, pk, name):
        y = next(year)
        field = model._meta.get_field(name)
        value = (
            datetime.datetime(y, 7, 19, 13, 57, tzinfo=datetime.UTC)
            if field.get_internal_type() == "DateTimeField"
            else datetime.date(y, 7, 19)
        )
        stamp(model, pk, name, value, [str(y)])

    org = OrganizationFactory(name="Zqrequestingorganisation", acronym="ZQORG", type=Organization.Type.INGO)
    stamp(AssistanceRequest, rfa.pk, "organization", org, [org.name, org.acronym])
    for name in ("requesting_officer", "exit_plan", "site_contact", "site_contact_phone"):
        text(AssistanceRequest, rfa.pk, name)
    stamp(AssistanceRequest, rfa.pk, "number", 987654, ["987654"])
    stamp(AssistanceRequest, rfa.pk, "copied_from", copy, ["Zqcopiedfromtitle", f"/requests/{copy.pk}/"])
    person(AssistanceRequest, rfa.pk, "created_by")
    text(AssessmentAnswer, answer.pk, "justification")
    stamp(AssessmentAnswer, answer.pk, "criterion_code", "zqcriterioncode", ["zqcriterioncode"])
    person(AssessmentAnswer, answer.pk, "answered_by")
    text(RequestComment, comment.pk, "text")
    person(RequestComment, comment.pk, "author")
    text(RequestAttachment, attachment.pk, "name")
    stamp(RequestAttachment, attachment.pk, "file", "requests/zqattachmentfile.pdf", ["zqattachmentfile"])
    stamp(RequestAttachment, attachment.pk, "size", 987123, ["987123", "963.99"])
    person(RequestAttachment, attachment.pk, "uploaded_by")
    looked_for[(RequestAttachment, "id")] = [f"/attachments/{attachment.pk}/"]
    text(HctReferral, referral.pk, "proposal")
    text(HctReferral, referral.pk, "direct_justification")
    stamp(HctReferral, referral.pk, "proposed_conditions", ["Zqproposedcondition"], ["Zqproposedcondition"])
    person(HctReferral, referral.pk, "opened_by")
    text(HctReferral, referral.pk, "warnings_note")
    # the HCT meeting the request was put to and decided at (issue 16)
    meeting = Meeting.objects.create(
        operation=cast.operation, starts_at=timezone.now(), place="x", created_by=cast.officer
    )
    meeting_url = f"/requests/meetings/{meeting.pk}/"
    stamp(HctReferral, referral.pk, "meeting", meeting, [meeting_url])
    stamp(Decision, decision.pk, "meeting", meeting, [meeting_url])
    for name in ("place", "call_link", "minutes", "cancel_reason"):
        text(Meeting, meeting.pk, name)
    stamp(Meeting, meeting.pk, "minutes_file", "meetings/zqminutesfile.pdf", ["zqminutesfile"])
    person(Meeting, meeting.pk, "created_by")
    person(Meeting, meeting.pk, "attendance_recorded_by")
    attendee, attendee_strings = _person("meetingattendee")
    meeting.attendees.add(attendee)
    looked_for[(Meeting, "attendees")] = attendee_strings
    text(HctResponse, response.pk, "comment")
    person(HctResponse, response.pk, "member")
    for d, tag in ((decision, ""), (deferral, "old")):
        value = f"Zqrationale{tag}Zq"
        stamp(Decision, d.pk, "rationale", value, looked_for.get((Decision, "rationale"), []) + [value])
    person(Decision, decision.pk, "decided_by")
    person(Decision, decision.pk, "on_behalf_of")
    present, present_strings = _person("decisionpresent")
    decision.present.add(present)
    looked_for[(Decision, "present")] = present_strings
    guideline = Guideline.objects.create(
        title="Zqguidelinetitle",
        short_name="Zqguideline",
        issuer="Zqissuer",
        year=2001,
        scope="global",
        contexts="both",
        is_public=True,
    )
    decision.guidelines.add(guideline)
    looked_for[(Decision, "guidelines")] = ["Zqguidelinetitle", "Zqguideline", f"/guidelines/{guideline.pk}/"]
    person(Task, task.pk, "tasked_by")
    for model, name in DATE_FIELDS:
        pk = {
            AssistanceRequest: rfa.pk,
            AssessmentAnswer: answer.pk,
            RequestComment: comment.pk,
            RequestAttachment: attachment.pk,
            HctReferral: referral.pk,
            HctResponse: response.pk,
            Decision: decision.pk,
            Meeting: meeting.pk,
        }[model]
        when(model, pk, name)
    looked_for[("other", "rejected")] = ["Zqrejectedtitle", f"/requests/{rejected.pk}/"]
    looked_for[("other", "draft")] = ["Zqdrafttitle"]
    task.refresh_from_db()
    return (
        task,
        looked_for,
        {
            "rfa": rfa,
            "referral": referral,
            "decision": decision,
            "meeting": meeting,
            "attachment": attachment,
            "rejected": rejected,
            "draft": draft,
        },
    )


def _military_responses(cast, client_for, api_for, task, objs) -> dict[str, str]:
    """Every response the force's liaison officer can get about these rows: pages, API, schema, exports,
    refusals and the 404s of the humanitarian URLs."""
    page, api = client_for(cast.liaison), api_for(cast.liaison)
    rfa, referral, decision = objs["rfa"], objs["referral"], objs["decision"]
    bodies = {}

    def get(client, url, *expected):
        response = client.get(url)
        assert response.status_code in expected, (url, response.status_code)
        bodies[url] = b"".join(response) if hasattr(response, "streaming_content") else response.content
        return response

    get(page, "/", 200)
    get(page, "/requests/tasks/", 200)
    get(page, task.get_absolute_url(), 200)
    for other in (rfa, objs["rejected"], objs["draft"]):
        for suffix in ("", "edit/", "print/", "assessment/", "hct/", "decision/", "task/"):
            get(page, f"/requests/{other.pk}/{suffix}", 404, 302)
    get(page, f"/requests/{rfa.pk}/attachments/{objs['attachment'].pk}/", 404)
    get(page, "/requests/", 404)
    get(page, "/requests/export.csv", 404)
    get(page, "/requests/export.xlsx", 404)
    get(page, "/requests/hct/", 404)
    get(page, f"/requests/hct/{referral.pk}/", 404)
    get(api, "/api/v1/tasks/", 200)
    get(api, f"/api/v1/tasks/{task.pk}/", 200)
    get(api, "/api/v1/requests/", 200)
    for suffix in ("", "events/", "comments/", "assessment/"):
        get(api, f"/api/v1/requests/{rfa.pk}/{suffix}", 404)
    get(api, "/api/v1/referrals/", 200)
    get(api, f"/api/v1/referrals/{referral.pk}/", 404)
    get(api, "/api/v1/decisions/", 200)
    get(api, f"/api/v1/decisions/{decision.pk}/", 404)
    get(page, "/requests/meetings/", 404)
    get(page, f"/requests/meetings/{objs['meeting'].pk}/", 404)
    get(page, f"/requests/meetings/{objs['meeting'].pk}/minutes/file/", 404)
    get(api, "/api/v1/meetings/", 200)
    get(api, f"/api/v1/meetings/{objs['meeting'].pk}/", 404)
    get(page, "/api/schema/", 200)
    # refusals: a step not allowed now, and acting on what is not theirs
    refused = api.post(f"/api/v1/tasks/{task.pk}/accept/", {}, format="json")
    assert refused.status_code == 409
    bodies["refused accept"] = refused.content
    refused = page.post(f"/requests/tasks/{task.pk}/complete/", {"complete-completed_on": "2999-01-01"})
    bodies["invalid completion page"] = refused.content
    bodies["decision post"] = api.post(
        "/api/v1/decisions/", {"request": rfa.pk, "outcome": "rejected", "rationale": "x"}, format="json"
    ).content
    return {url: body.decode(errors="replace") for url, body in bodies.items()}


def test_every_field_is_shareable_or_reaches_no_military_response(cast, sentinel_world, client_for, api_for):
    task, looked_for, objs = sentinel_world
    # every field of every model is classified: shared, looked for, or not able to carry a sentinel
    for model in MODELS:
        for field in _fields(model):
            classified = (
                field.name in SHAREABLE.get(model, set())
                or field.name in NOT_FILLABLE[model]
                or (model, field.name) in looked_for
            )
            assert classified, f"{model.__name__}.{field.name} is neither shareable nor looked for"
    bodies = _military_responses(cast, client_for, api_for, task, objs)
    for (model, name), strings in looked_for.items():
        for string in strings:
            for url, body in bodies.items():
                if string in url:
                    continue  # the page echoes the path the user asked for (the operation switch's "next")
                assert not _contains(body, string), (
                    f"{getattr(model, '__name__', model)}.{name} ({string!r}) in {url}"
                )
    # and what is shareable does reach the force (so the search above looks at real responses)
    detail, api_detail = bodies[task.get_absolute_url()], bodies[f"/api/v1/tasks/{task.pk}/"]
    for shared in (
        "Zqcondition unarmed",
        "Zqreport loaded",
        task.poc_name,
        task.request.reference,
        "Beira airport",
    ):
        assert shared in detail and shared in api_detail


def test_the_force_sees_its_task_and_another_force_gets_404(cast, make_request, client_for, api_for):
    rfa, task = tasked(cast, make_request)
    liaison, other = client_for(cast.liaison), client_for(cast.liaison_other_force)
    assert liaison.get(task.get_absolute_url()).status_code == 200
    assert rfa.title in liaison.get("/requests/tasks/").content.decode()
    assert other.get(task.get_absolute_url()).status_code == 404
    assert rfa.title not in other.get("/requests/tasks/").content.decode()
    assert api_for(cast.liaison_other_force).get(f"/api/v1/tasks/{task.pk}/").status_code == 404
    assert api_for(cast.liaison_other_force).get("/api/v1/tasks/").json()["results"] == []
    assert [t["id"] for t in api_for(cast.liaison).get("/api/v1/tasks/").json()["results"]] == [task.pk]
    # another force's liaison officer cannot act on it either
    response = api_for(cast.liaison_other_force).post(f"/api/v1/tasks/{task.pk}/accept/", {}, format="json")
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == Task.Status.TASKED


@pytest.mark.parametrize(
    "who,page_status",
    [
        ("officer", 200),
        ("observer", 200),
        ("hc", 200),
        ("hct_member", 200),
        ("requester", 200),
        ("requester_other_org", 404),
        ("liaison", 200),
        ("liaison_other_force", 404),
        ("outsider", 404),
        ("other_officer", 404),
    ],
)
def test_who_sees_a_task_page_and_api(cast, make_request, client_for, api_for, who, page_status):
    rfa, task = tasked(cast, make_request)
    user = getattr(cast, who)
    assert client_for(user).get(task.get_absolute_url()).status_code == page_status
    assert api_for(user).get(f"/api/v1/tasks/{task.pk}/").status_code == page_status


def test_accept_decline_complete_through_the_pages_and_api(cast, make_request, client_for, api_for):
    rfa, task = tasked(cast, make_request)
    page = client_for(cast.liaison)
    response = page.post(f"/requests/tasks/{task.pk}/decline/", {"decline-reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    page.post(
        f"/requests/tasks/{task.pk}/accept/",
        {"expected_status": "tasked", "accept-conditions_confirmed": "on"},
    )
    task.refresh_from_db()
    assert task.status == Task.Status.ACCEPTED
    api = api_for(cast.liaison)
    refused = api.post(f"/api/v1/tasks/{task.pk}/decline/", {"reason": "Too late"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "not_allowed_in_state"
    future = str(timezone.localdate() + datetime.timedelta(days=3))
    invalid = api.post(
        f"/api/v1/tasks/{task.pk}/complete/", {"completed_on": future, "delivered": "x"}, format="json"
    )
    assert invalid.status_code == 400 and "completed_on" in invalid.json()["fields"]
    done = api.post(
        f"/api/v1/tasks/{task.pk}/complete/",
        {"completed_on": str(timezone.localdate()), "delivered": "12 t of biscuits"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "completed"
    # the officer sees the completion on the request's timeline
    assert (
        "reported the task complete" in client_for(cast.officer).get(rfa.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("url", ["/requests/tasks/", "/api/v1/tasks/"])
def test_the_military_task_list_runs_a_constant_number_of_queries(
    cast, make_request, client_for, api_for, django_assert_num_queries, url
):
    client = client_for(cast.liaison) if url.startswith("/requests") else api_for(cast.liaison)
    counts = []
    for size in (2, 5):
        while Task.objects.filter(force=cast.force).count() < size:
            rfa, task = tasked(cast, make_request)
            tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
            tasking.task_report_progress(task=task, actor=cast.liaison, text="Loaded.")
        client.get(url)  # warm caches (content types, permissions)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(counts[1]):
        client.get(url)
    ContentType.objects.clear_cache()


def test_the_task_page_reads_the_request_through_the_forces_view_only(cast, make_request):
    """The task page's template gets the request as permissions.FORCE_VISIBLE lets a force see it: the listed
    fields (a choice also by its label), and nothing a template could reach beyond them."""
    from requests.selectors import force_view

    rfa = make_request()
    view = force_view(rfa)
    visible = set(FORCE_VISIBLE[AssistanceRequest])
    labels = {f"{name}_label" for name in visible if rfa._meta.get_field(name).flatchoices}
    assert set(view) == visible | labels
    assert view.title == rfa.title and view.priority_label == rfa.get_priority_display()
    for hidden in ("organization", "requesting_officer", "pk", "assessment_answers", "get_absolute_url"):
        with pytest.raises(AttributeError):
            getattr(view, hidden)
