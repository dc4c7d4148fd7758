"""A closed operation is a read-only archive: every write path of every app, page and API, is refused.

One parametrised test lists them all. Each case is run twice: in the open operation, where it must succeed
(so the refusal below is the closure's doing, not a wrong payload), and in the closed one, where it must be
refused with the closure's message (page) or 409 "operation_closed" (API), and nothing may change.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cmcoord.models import AuditEvent, Membership, Notification, Operation, Organization, User
from contacts.models import Contact, CoordinationPlatform, ImportBatch
from guidelines.models import Guideline, OperationGuideline
from operations.models import Invitation
from requests.models import (
    AssistanceRequest,
    Decision,
    HctReferral,
    HctResponse,
    Meeting,
    RequestAttachment,
    RequestComment,
    Task,
    TaskReport,
)
from requests.services import meetings, tasking
from requests.services import rfa as services
from tests.contacts.conftest import make_contact
from tests.guidelines.conftest import get as library_guideline
from tests.requests.conftest import LEG, PDF, answer_all, request_data
from tests.requests.hct_helpers import proposal
from tests.requests.test_pages import form_data as request_form

S = AssistanceRequest.Status
CLOSED_MESSAGE = "This operation is closed"
TODAY = timezone.localdate


class World:
    """What a case needs, made through the services while the operation is open."""

    def __init__(self, cast):
        self.cast = cast

    def request(self, status=S.DRAFT, answered=False):
        rfa = services.request_create(
            operation=self.cast.operation,
            actor=self.cast.requester,
            organization=self.cast.wfp,
            data=request_data(),
            legs=[LEG],
        )
        if answered:
            answer_all(rfa, self.cast.officer)
        AssistanceRequest.objects.filter(pk=rfa.pk).update(status=status)
        rfa.refresh_from_db()
        return rfa

    def with_hct(self, procedure="meeting"):
        rfa = self.request(S.UNDER_REVIEW, answered=True)
        if procedure == "meeting":
            services.request_put_to_hct(rfa=rfa, actor=self.cast.officer)
        else:
            services.request_put_to_hct(
                rfa=rfa,
                actor=self.cast.officer,
                procedure="written",
                deadline=timezone.now() + datetime.timedelta(hours=48),
                proposal=proposal(),
            )
        rfa.refresh_from_db()
        return rfa

    def approved(self):
        from requests.services import hct as decisions

        rfa = self.with_hct()
        decisions.decision_record(
            rfa=rfa,
            actor=self.cast.hc,
            outcome="approved",
            conditions=[],
            valid_from=TODAY(),
            valid_until=TODAY() + datetime.timedelta(days=10),
            rationale="Met every criterion.",
            present=[self.cast.hc],
        )
        rfa.refresh_from_db()
        return rfa

    def task(self, accepted=False):
        rfa = self.approved()
        task = tasking.task_create(
            rfa=rfa, actor=self.cast.officer, force=self.cast.force, poc=self.cast.requester
        )
        if accepted:
            tasking.task_accept(task=task, actor=self.cast.liaison, conditions_confirmed=True)
        return task

    def meeting(self, started=False):
        meeting = meetings.meeting_schedule(
            operation=self.cast.operation,
            actor=self.cast.officer,
            starts_at=timezone.now() + datetime.timedelta(hours=-1 if started else 24),
            place="OCHA office, Beira",
        )
        return meeting

    def referral(self):
        rfa = self.with_hct("written")
        return HctReferral.objects.get(request=rfa)

    def contact(self):
        return make_contact(
            self.cast.operation,
            self.cast.wfp,
            "Ana Cossa",
            sharing="everyone",
            actor=self.cast.officer,
            email="ana.cossa@wfp.example",
        )

    def platform(self):
        from contacts.services import PlatformFields, platform_create

        return platform_create(
            operation=self.cast.operation,
            actor=self.cast.officer,
            fields=PlatformFields(name="Sofala cell", kind="cmcoord_cell"),
        )

    def batch(self):
        from contacts.services import import_preview

        header = (
            "name,title,organization,emails,mobile,landline,satellite,radio_call_sign,location,languages\n"
        )
        return import_preview(
            operation=self.cast.operation,
            actor=self.cast.officer,
            filename="c.csv",
            text=header + "Bea Banda,Officer,WFP,bea@wfp.example,,,,,,\n",
        )

    def country_guideline(self):
        guideline = Guideline(
            title="HCT country guidance",
            short_name="MOZ guidance",
            issuer="HCT Mozambique",
            year=2026,
            scope=Guideline.Scope.COUNTRY,
            operation=self.cast.operation,
            contexts="both",
            version="1",
            is_public=False,
        )
        guideline.document.save("g.pdf", SimpleUploadedFile("g.pdf", PDF), save=True)
        return guideline

    def invitation(self):
        from operations.services import invitation_create

        return invitation_create(
            operation=self.cast.operation,
            actor=self.cast.officer,
            email="invitee@wfp.example",
            role="requester",
            organization=self.cast.wfp,
        )

    def membership(self, user):
        return Membership.objects.get(operation=self.cast.operation, user=user)


@dataclass
class Case:
    id: str
    who: str  # a cast attribute, or "anonymous"
    api: bool
    method: str
    build: Any  # (world) -> (url, data)
    multipart: bool = False


CSV = (
    b"name,title,organization,emails,mobile,landline,satellite,radio_call_sign,location,languages\n"
    b"Bea Banda,Officer,WFP,bea@wfp.example,,,,,,\n"
)


def pdf_upload():
    return SimpleUploadedFile("manifest.pdf", PDF, content_type="application/pdf")


def contact_form(w):
    return {
        "name": "Nadia Issufo",
        "title": "Protection Officer",
        "organization": w.cast.unicef.pk,
        "emails": "nadia@unhcr.example",
        "mobile": "",
        "landline": "",
        "satellite": "",
        "radio_call_sign": "",
        "location": "Beira",
        "languages": "",
        "functions": ["protection"],
        "sharing": "everyone",
        "last_verified": "",
        "user": "",
        "notes": "",
    }


def decision_form(w):
    return {
        "outcome": "approved",
        "valid_from": str(TODAY()),
        "valid_until": str(TODAY() + datetime.timedelta(days=5)),
        "present": [w.cast.hc.pk],
        # What the HC saw: the request with the HCT, no decision in force yet.
        "expected_status": "with_hct",
        "expected_decision": "",
    }


def country_form():
    return {
        "title": "Cabo Delgado civil-military guidance",
        "short_name": "Cabo Delgado guidance",
        "issuer": "HCT Mozambique",
        "year": "2026",
        "contexts": "both",
        "version": "1",
        "summary": "How the HCT engages.",
        "url": "https://example.org/cabo.pdf",
        "in_force": "on",
    }


def op_url(w, name, *args):
    return reverse(f"operations:{name}", args=[w.cast.operation.pk, *args])


def api_op(w, tail=""):
    return f"/api/v1/operations/{w.cast.operation.pk}/{tail}"


def _edit_operation(w):
    op = w.cast.operation
    return {
        "name": "Renamed",
        "code": op.code,
        "country": op.country,
        "context": op.context,
        "time_zone": "UTC",
        "start_date": str(op.start_date),
    }


CASES = [
    # requests: pages
    Case(
        "requests.create",
        "requester",
        False,
        "post",
        lambda w: (reverse("requests:create"), request_form(organization=w.cast.wfp.pk)),
    ),
    Case(
        "requests.edit",
        "requester",
        False,
        "post",
        lambda w: (reverse("requests:edit", args=[w.request().pk]), request_form(title="Changed")),
    ),
    Case(
        "requests.assess",
        "officer",
        False,
        "post",
        lambda w: (
            reverse("requests:assess", args=[w.request(S.UNDER_REVIEW).pk]),
            {"answer_timeliness": "met", "justification_timeliness": "Lives at stake."},
        ),
    ),
    Case(
        "requests.submit",
        "requester",
        False,
        "post",
        lambda w: (reverse("requests:action", args=[w.request(answered=True).pk]), {"action": "submit"}),
    ),
    Case(
        "requests.cancel",
        "officer",
        False,
        "post",
        lambda w: (
            reverse("requests:action", args=[w.request(S.SUBMITTED).pk]),
            {"action": "cancel", "comment": "Duplicate"},
        ),
    ),
    Case(
        "requests.copy",
        "requester",
        False,
        "post",
        lambda w: (reverse("requests:copy", args=[w.request().pk]), {}),
    ),
    Case(
        "requests.comment",
        "officer",
        False,
        "post",
        lambda w: (
            reverse("requests:comment", args=[w.request(S.SUBMITTED).pk]),
            {"text": "Cluster confirms."},
        ),
    ),
    Case(
        "requests.attach",
        "requester",
        False,
        "post",
        lambda w: (reverse("requests:attach", args=[w.request().pk]), {"file": pdf_upload()}),
    ),
    Case(
        "requests.put_to_hct",
        "officer",
        False,
        "post",
        lambda w: (
            reverse("requests:hct_put", args=[w.request(S.UNDER_REVIEW, answered=True).pk]),
            {
                "procedure": "meeting",
                "new_meeting_starts_at": "2031-03-04T10:30",
                "new_meeting_place": "Beira",
            },
        ),
    ),
    # HCT meetings (issue 16)
    Case(
        "requests.meeting_schedule",
        "officer",
        False,
        "post",
        lambda w: (reverse("requests:meeting_create"), {"starts_at": "2031-03-04T10:30", "place": "Beira"}),
    ),
    Case(
        "requests.meeting_cancel",
        "officer",
        False,
        "post",
        lambda w: (reverse("requests:meeting_cancel", args=[w.meeting().pk]), {"reason": "Postponed."}),
    ),
    Case(
        "requests.meeting_attendance",
        "hc",
        False,
        "post",
        lambda w: (
            reverse("requests:meeting_attendance", args=[w.meeting(started=True).pk]),
            {"attendees": [w.cast.hc.pk]},
        ),
    ),
    Case(
        "requests.decide",
        "hc",
        False,
        "post",
        lambda w: (reverse("requests:decide", args=[w.with_hct().pk]), decision_form(w)),
    ),
    Case(
        "requests.hct_respond",
        "hct_member",
        False,
        "post",
        lambda w: (
            reverse("requests:hct_respond", args=[w.referral().pk]),
            {"position": "agree", "comment": "Fine."},
        ),
    ),
    Case(
        "requests.task_create",
        "officer",
        False,
        "post",
        lambda w: (
            reverse("requests:task_create", args=[w.approved().pk]),
            {"force": w.cast.force.pk, "poc": w.cast.requester.pk, "poc_phone": ""},
        ),
    ),
    Case(
        "requests.task_accept",
        "liaison",
        False,
        "post",
        lambda w: (
            reverse("requests:task_action", args=[w.task().pk, "accept"]),
            {"expected_status": "tasked", "accept-conditions_confirmed": "on"},
        ),
    ),
    Case(
        "requests.task_decline",
        "liaison",
        False,
        "post",
        lambda w: (
            reverse("requests:task_action", args=[w.task().pk, "decline"]),
            {"decline-reason": "No aircraft."},
        ),
    ),
    Case(
        "requests.task_progress",
        "liaison",
        False,
        "post",
        lambda w: (
            reverse("requests:task_action", args=[w.task(accepted=True).pk, "progress"]),
            {"progress-text": "Loading."},
        ),
    ),
    Case(
        "requests.task_complete",
        "liaison",
        False,
        "post",
        lambda w: (
            reverse("requests:task_action", args=[w.task(accepted=True).pk, "complete"]),
            {"complete-completed_on": str(TODAY()), "complete-delivered": "12 t"},
        ),
    ),
    # requests: API
    Case(
        "api.requests.create",
        "requester",
        True,
        "post",
        lambda w: (
            "/api/v1/requests/",
            {
                **{k: str(v) for k, v in request_data().items()},
                "operation": w.cast.operation.pk,
                "legs": [{k: str(v) for k, v in LEG.items()}],
            },
        ),
    ),
    Case(
        "api.requests.update",
        "requester",
        True,
        "patch",
        lambda w: (f"/api/v1/requests/{w.request().pk}/", {"title": "Changed"}),
    ),
    Case(
        "api.requests.submit",
        "requester",
        True,
        "post",
        lambda w: (f"/api/v1/requests/{w.request(answered=True).pk}/submit/", {"comment": ""}),
    ),
    Case(
        "api.requests.cancel",
        "officer",
        True,
        "post",
        lambda w: (f"/api/v1/requests/{w.request(S.SUBMITTED).pk}/cancel/", {"comment": "Duplicate"}),
    ),
    Case(
        "api.requests.comment",
        "officer",
        True,
        "post",
        lambda w: (f"/api/v1/requests/{w.request(S.SUBMITTED).pk}/comments/", {"text": "Cluster confirms."}),
    ),
    Case("api.requests.assessment", "officer", True, "post", lambda w: _api_assessment(w)),
    Case(
        "api.referrals.create",
        "officer",
        True,
        "post",
        lambda w: (
            "/api/v1/referrals/",
            {"request": w.request(S.UNDER_REVIEW, answered=True).pk, "procedure": "meeting"},
        ),
    ),
    Case(
        "api.referrals.respond",
        "hct_member",
        True,
        "post",
        lambda w: (f"/api/v1/referrals/{w.referral().pk}/respond/", {"position": "agree"}),
    ),
    Case(
        "api.decisions.create",
        "hc",
        True,
        "post",
        lambda w: (
            "/api/v1/decisions/",
            {
                "request": w.with_hct().pk,
                "outcome": "approved",
                "valid_from": str(TODAY()),
                "valid_until": str(TODAY() + datetime.timedelta(days=5)),
                "present": [w.cast.hc.pk],
                "expected_status": "with_hct",
                "expected_decision": None,
            },
        ),
    ),
    Case(
        "api.tasks.create",
        "officer",
        True,
        "post",
        lambda w: (
            "/api/v1/tasks/",
            {
                "request": w.approved().pk,
                "force": w.cast.force.pk,
                "poc": w.cast.requester.pk,
                "poc_phone": "",
            },
        ),
    ),
    Case(
        "api.tasks.accept",
        "liaison",
        True,
        "post",
        lambda w: (f"/api/v1/tasks/{w.task().pk}/accept/", {"conditions_confirmed": True}),
    ),
    Case(
        "api.tasks.decline",
        "liaison",
        True,
        "post",
        lambda w: (f"/api/v1/tasks/{w.task().pk}/decline/", {"reason": "No aircraft."}),
    ),
    Case(
        "api.tasks.progress",
        "liaison",
        True,
        "post",
        lambda w: (f"/api/v1/tasks/{w.task(accepted=True).pk}/progress/", {"text": "Loading."}),
    ),
    Case(
        "api.tasks.complete",
        "liaison",
        True,
        "post",
        lambda w: (
            f"/api/v1/tasks/{w.task(accepted=True).pk}/complete/",
            {"completed_on": str(TODAY()), "delivered": "12 t", "notes": ""},
        ),
    ),
    # contacts (pages: the directory's API is read-only)
    Case("contacts.create", "officer", False, "post", lambda w: ("/contacts/new/", contact_form(w))),
    Case(
        "contacts.edit",
        "officer",
        False,
        "post",
        lambda w: (
            f"/contacts/{w.contact().pk}/edit/",
            {**contact_form(w), "name": "Ana Cossa-Banda", "organization": w.cast.wfp.pk},
        ),
    ),
    Case("contacts.verify", "officer", False, "post", lambda w: (f"/contacts/{w.contact().pk}/verify/", {})),
    Case(
        "contacts.request_confirmation",
        "officer",
        False,
        "post",
        lambda w: (f"/contacts/{w.contact().pk}/request-confirmation/", {}),
    ),
    Case(
        "contacts.platform_create",
        "officer",
        False,
        "post",
        lambda w: (
            "/contacts/platforms/new/",
            {
                "name": "Beira cell",
                "kind": "cmcoord_cell",
                "meeting_schedule": "",
                "location": "",
                "chair": "",
                "members": [],
            },
        ),
    ),
    Case(
        "contacts.platform_edit",
        "officer",
        False,
        "post",
        lambda w: (
            f"/contacts/platforms/{w.platform().pk}/edit/",
            {
                "name": "Sofala cell 2",
                "kind": "cmcoord_cell",
                "meeting_schedule": "",
                "location": "",
                "chair": "",
                "members": [],
            },
        ),
    ),
    Case(
        "contacts.import_upload",
        "officer",
        False,
        "post",
        lambda w: (
            "/contacts/import/",
            {
                "file": SimpleUploadedFile(
                    "c.csv",
                    CSV,
                    content_type="text/csv",
                )
            },
        ),
    ),
    Case("contacts.import_commit", "officer", False, "post", lambda w: (w.batch().get_absolute_url(), {})),
    # guidelines (pages: the library's API is read-only)
    Case(
        "guidelines.toggle",
        "officer",
        False,
        "post",
        lambda w: (
            reverse("guidelines:operation-toggle", args=[w.cast.operation.pk]),
            {"guideline": library_guideline("APC-MADRO").pk, "action": "add"},
        ),
    ),
    Case(
        "guidelines.country_add",
        "officer",
        False,
        "post",
        lambda w: (reverse("guidelines:country-add", args=[w.cast.operation.pk]), country_form()),
    ),
    Case(
        "guidelines.publish_version",
        "officer",
        False,
        "post",
        lambda w: (
            reverse("guidelines:publish-version", args=[w.country_guideline().pk]),
            {"version": "2", "year": "2027", "url": "https://example.org/v2.pdf"},
        ),
    ),
    # operations: pages
    Case("operations.edit", "officer", False, "post", lambda w: (op_url(w, "edit"), _edit_operation(w))),
    Case(
        "operations.organization_add",
        "officer",
        False,
        "post",
        lambda w: (
            op_url(w, "organizations"),
            {"organization": Organization.objects.create(name="Plan International", type="ingo").pk},
        ),
    ),
    Case(
        "operations.organization_create",
        "officer",
        False,
        "post",
        lambda w: (
            op_url(w, "organization-create"),
            {"name": "Malawi Defence Force", "acronym": "MDF", "type": "foreign_military", "country": ""},
        ),
    ),
    Case(
        "operations.organization_edit",
        "officer",
        False,
        "post",
        lambda w: (
            op_url(w, "organization-edit", w.cast.wfp.pk),
            {"name": "World Food Programme", "acronym": "WFP-MOZ", "type": "un_agency", "country": ""},
        ),
    ),
    Case(
        "operations.organization_deactivate",
        "officer",
        False,
        "post",
        lambda w: (op_url(w, "organization-deactivate", w.cast.unicef.pk), {"reason": "Left"}),
    ),
    Case(
        "operations.invite",
        "officer",
        False,
        "post",
        lambda w: (
            op_url(w, "invite"),
            {"email": "x@wfp.example", "organization": w.cast.wfp.pk, "role": "requester"},
        ),
    ),
    Case(
        "operations.invitation_resend",
        "officer",
        False,
        "post",
        lambda w: (op_url(w, "invitation-resend", w.invitation().pk), {}),
    ),
    Case(
        "operations.invitation_withdraw",
        "officer",
        False,
        "post",
        lambda w: (op_url(w, "invitation-withdraw", w.invitation().pk), {}),
    ),
    Case(
        "operations.role_change",
        "officer",
        False,
        "post",
        lambda w: (op_url(w, "membership", w.membership(w.cast.observer).pk), {"role": "hct_member"}),
    ),
    Case(
        "operations.role_revoke",
        "officer",
        False,
        "post",
        lambda w: (op_url(w, "membership", w.membership(w.cast.observer).pk), {"revoke": "1"}),
    ),
    Case(
        "operations.user_deactivate",
        "officer",
        False,
        "post",
        lambda w: (op_url(w, "user-active", w.cast.observer.pk), {"active": "0"}),
    ),
    Case("operations.accept_invitation", "anonymous", False, "post", lambda w: _accept_link(w)),
    # operations: API
    Case("api.operations.edit", "officer", True, "patch", lambda w: (api_op(w), {"name": "Renamed"})),
    Case(
        "api.operations.organization_add",
        "officer",
        True,
        "post",
        lambda w: (
            api_op(w, "organizations/"),
            {"organization": Organization.objects.create(name="Plan International", type="ingo").pk},
        ),
    ),
    Case(
        "api.operations.organization_create",
        "officer",
        True,
        "post",
        lambda w: (api_op(w, "organizations/"), {"name": "Malawi Defence Force", "type": "foreign_military"}),
    ),
    Case(
        "api.operations.organization_edit",
        "officer",
        True,
        "patch",
        lambda w: (api_op(w, f"organizations/{w.cast.wfp.pk}/"), {"acronym": "WFP-MOZ"}),
    ),
    Case(
        "api.operations.organization_deactivate",
        "officer",
        True,
        "post",
        lambda w: (api_op(w, f"organizations/{w.cast.unicef.pk}/deactivate/"), {}),
    ),
    Case(
        "api.operations.role_change",
        "officer",
        True,
        "patch",
        lambda w: (api_op(w, f"memberships/{w.membership(w.cast.observer).pk}/"), {"role": "hct_member"}),
    ),
    Case(
        "api.operations.role_revoke",
        "officer",
        True,
        "delete",
        lambda w: (api_op(w, f"memberships/{w.membership(w.cast.observer).pk}/"), None),
    ),
    Case(
        "api.operations.invite",
        "officer",
        True,
        "post",
        lambda w: (
            api_op(w, "invitations/"),
            {"email": "x@wfp.example", "organization": w.cast.wfp.pk, "role": "requester"},
        ),
    ),
    Case(
        "api.operations.invitation_resend",
        "officer",
        True,
        "post",
        lambda w: (api_op(w, f"invitations/{w.invitation().pk}/resend/"), {}),
    ),
    Case(
        "api.operations.invitation_withdraw",
        "officer",
        True,
        "post",
        lambda w: (api_op(w, f"invitations/{w.invitation().pk}/withdraw/"), {}),
    ),
    Case(
        "api.operations.user_deactivate",
        "officer",
        True,
        "post",
        lambda w: (api_op(w, f"users/{w.cast.observer.pk}/deactivate/"), {}),
    ),
]


def _api_assessment(w):
    from guidelines.selectors import criteria_for_operation

    rfa = w.request(S.UNDER_REVIEW)
    version = criteria_for_operation(rfa.operation)[0]
    return f"/api/v1/requests/{rfa.pk}/assessment/", [
        {"criterion_version": version.pk, "answer": "met", "justification": "Checked."}
    ]


def _accept_link(w):
    from operations.services import _new_token

    invitation = w.invitation()
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    password = "river-boat-kits-2026"
    return reverse("operations:accept", args=[token]), {
        "first_name": "Bea",
        "last_name": "Banda",
        "password1": password,
        "password2": password,
    }


def _errors(response) -> list[str]:
    """The errors a refused page or endpoint shows (for a failing test's message)."""
    import re

    text = response.content.decode()
    return re.findall(r'class="(?:error|form-errors|message error)[^"]*"[^>]*>(.*?)</', text, re.S) or [
        text[:300]
    ]


def _stored_files() -> list:
    from django.conf import settings

    root = settings.MEDIA_ROOT
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(operation):
    """Everything a write could touch, counted, with the states of what has one."""
    counts = tuple(
        model.objects.count()
        for model in (
            AuditEvent,
            AssistanceRequest,
            RequestComment,
            RequestAttachment,
            HctReferral,
            HctResponse,
            Decision,
            Task,
            TaskReport,
            Contact,
            CoordinationPlatform,
            ImportBatch,
            Guideline,
            OperationGuideline,
            Membership,
            Invitation,
            Organization,
            User,
            Notification,
            Meeting,
        )
    )
    states = (
        sorted(Meeting.objects.values_list("pk", "status", "place")),
        sorted(AssistanceRequest.objects.values_list("pk", "status", "title")),
        sorted(Task.objects.values_list("pk", "status")),
        sorted(Invitation.objects.values_list("pk", "status", "sent_at")),
        sorted(Membership.objects.values_list("pk", "role")),
        sorted(User.objects.values_list("pk", "is_active")),
        sorted(Contact.objects.values_list("pk", "name", "last_verified")),
        sorted(CoordinationPlatform.objects.values_list("pk", "name")),
        sorted(Organization.objects.values_list("pk", "name", "acronym")),
        sorted(OperationGuideline.objects.values_list("pk", "guideline_id")),
        list(Operation.objects.filter(pk=operation.pk).values_list("name", "status")),
        sorted(operation.organizations.values_list("pk", flat=True)),
    )
    return counts, states


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_write_path_is_refused_in_a_closed_operation(cast, client_for, api_for, case, closed):
    world = World(cast)
    url, data = case.build(world)
    if closed:  # arranged directly: closing through its service is tested on its own
        Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    before = snapshot(cast.operation)
    files_before = _stored_files()
    if case.api:
        client = api_for(getattr(cast, case.who))
        response = getattr(client, case.method)(url, data, format="json")
    else:
        client = Client() if case.who == "anonymous" else client_for(getattr(cast, case.who))
        response = getattr(client, case.method)(url, data)

    if not closed:
        ok = (200, 201, 204) if case.api else (302,)
        assert response.status_code in ok, (response.status_code, _errors(response))
        assert snapshot(cast.operation) != before
        return
    if case.api:
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "operation_closed"
    else:
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        body = response.content.decode() if response.status_code != 302 else ""
        assert any(CLOSED_MESSAGE in m for m in shown) or CLOSED_MESSAGE in body, (
            response.status_code,
            shown,
        )
    assert snapshot(cast.operation) == before
    assert _stored_files() == files_before  # a refused upload leaves no file in storage
