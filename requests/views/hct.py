"""Pages of the HCT decision: putting a request to the HCT, members' responses, and recording decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import DomainError
from cmcoord.forms import errors_to_form
from cmcoord.models import Role
from cmcoord.permissions import role_in
from cmcoord.views import current_operation_or_none

from .. import permissions, selectors
from ..filters import HctReferralFilter
from ..forms.hct import (
    DecisionForm,
    PutToHctForm,
    ResponseForm,
    compare_with_proposal,
    proposal_initial,
    renewal_initial,
)
from ..models import HctReferral, Meeting
from ..services import hct as decisions
from ..services import rfa as services
from .rfa import PAGE_SIZE


@login_required
def hct_put(request, pk: int):
    """The officer puts a reviewed request to the HCT (or opens a new procedure after a deferral), choosing
    a meeting or a written procedure with its deadline and proposal."""
    rfa = permissions.get_request_for_user(request.user, pk)
    running = selectors.running_referral(rfa)
    first_time = permissions.can_put_to_hct(request.user, rfa)
    if not (first_time or permissions.can_open_referral(request.user, rfa, running)):
        messages.error(request, _("This request cannot be put to the HCT now."))
        return redirect(rfa)
    direct = selectors.direct_assistance_warned(rfa)
    flagged = selectors.flagged_answers(rfa)
    form = PutToHctForm(
        request.POST or None,
        direct=direct,
        warnings=bool(flagged),
        meetings=selectors.scheduled_meetings(rfa.operation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.refer_to_hct(
                rfa=rfa,
                actor=request.user,
                procedure=data["procedure"],
                deadline=data["deadline"],
                proposal=form.proposal_data(),
                comment=data["comment"],
                expected_status=rfa.status,
                meeting=data.get("meeting") if data["procedure"] == HctReferral.Procedure.MEETING else None,
                new_meeting=form.new_meeting(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except decisions.WarningsUnconfirmed as error:
            form.add_error(
                "warnings_confirmed" if "warnings_confirmed" in form.fields else None, error.message
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(rfa)
        else:
            messages.success(
                request,
                _("The request is with the HCT: %(procedure)s.")
                % {"procedure": data_label(data["procedure"])},
            )
            return redirect(rfa)
    return render(
        request,
        "requests/hct_put.html",
        {"rfa": rfa, "form": form, "first_time": first_time, "direct": direct, "flagged": flagged},
        status=400 if request.method == "POST" else 200,
    )


def data_label(procedure: str) -> str:
    return str(HctReferral.Procedure(procedure).label).lower()


@login_required
def hct_waiting(request):
    """What waits for the HCT: a member's responses due (nearest deadline first); for the HC, every procedure
    awaiting a decision with its responses so far."""
    operation = current_operation_or_none(request)
    role = role_in(request.user, operation) if operation else None
    if role not in (Role.HCT_MEMBER, Role.HC):
        raise Http404("Nothing here.")
    for_hc = role == Role.HC
    referrals = (
        selectors.referrals_running(request.user, operation)
        if for_hc
        else selectors.referrals_waiting_qs(request.user, operation)
    )
    filterset = HctReferralFilter(request.GET or None, queryset=referrals, for_hc=for_hc)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests/hct_running.html" if for_hc else "requests/hct_waiting.html",
        {"operation": operation, "filter": filterset, "page": page, "query": query.urlencode()},
    )


def _get_referral(user, pk) -> HctReferral:
    """A written procedure on a request the user may see, or 404."""
    referral = (
        HctReferral.objects.filter(pk=pk, request__in=permissions.visible_requests(user))
        .select_related("request")
        .first()
    )
    if referral is None or not permissions.can_see_deliberations(user, referral.request):
        raise Http404("No such procedure.")
    return referral


@login_required
def hct_respond(request, pk: int):
    """An HCT member reads the request and its assessment and agrees or objects, in one step."""
    referral = _get_referral(request.user, pk)
    rfa = permissions.get_request_for_user(request.user, referral.request_id)
    mine = referral.responses.filter(member=request.user).first()
    form = ResponseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                decisions.hct_respond(
                    referral=referral,
                    actor=request.user,
                    position=form.cleaned_data["position"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
                status = 400
            except DomainError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(request, _("Your response is recorded."))
                return redirect("requests:hct_respond", pk=referral.pk)
        else:
            status = 400
    rows = selectors.flagged_first(selectors.assessment_rows(rfa))
    return render(
        request,
        "requests/hct_respond.html",
        {
            "rfa": rfa,
            "referral": referral,
            "legs": rfa.legs.all(),
            "rows": rows,
            "flagged": [r for r in rows if r.flagged],
            "mine": mine,
            "form": form if permissions.can_respond(request.user, referral) and mine is None else None,
        },
        status=status,
    )


@login_required
def hct_decide(request, pk: int):
    """The HC (or an officer on the HC's behalf) records the decision; errors next to the fields."""
    rfa = permissions.get_request_for_user(request.user, pk)
    if not permissions.can_decide(request.user, rfa):
        messages.error(request, _("You cannot record a decision on this request now."))
        return redirect(rfa)
    referral = selectors.running_referral(rfa)
    meeting = referral is None or not (
        referral.procedure == HctReferral.Procedure.WRITTEN and referral.state == HctReferral.State.OPEN
    )
    # On a meeting's agenda, those present are the attendance the HC recorded (services/hct.decision_record).
    at_meeting = referral.meeting if referral is not None and referral.meeting_id else None
    if at_meeting is not None and at_meeting.status == Meeting.Status.CANCELLED:
        at_meeting = None
    if at_meeting is not None and at_meeting.status != Meeting.Status.HELD:
        messages.error(
            request,
            _(
                "This request is on the agenda of an HCT meeting not held yet: the HC records who attended "
                "first, then the decision."
            ),
        )
        return redirect(rfa)
    # The form starts from what the HCT was asked to agree (the page shows what the HC changed against it)
    # or, to renew or amend an approval, from the one in force.
    in_force = selectors.current_decision(rfa)
    proposal = proposal_initial(referral)
    direct = selectors.direct_assistance_warned(rfa)
    form = DecisionForm(
        request.POST or None,
        initial={
            **(proposal or renewal_initial(in_force)),
            "expected_status": rfa.status,
            "expected_decision": in_force.pk if in_force else "",
        },
        user=request.user,
        operation=rfa.operation,
        meeting=meeting and at_meeting is None,
        direct=direct,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decisions.decision_record(
                rfa=rfa,
                actor=request.user,
                outcome=data["outcome"],
                conditions=data["conditions"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                rationale=data["rationale"],
                guidelines=data["guidelines"],
                on_behalf_of=data.get("on_behalf_of"),
                present=data.get("present") or [],
                expected_status=data["expected_status"],
                expected_decision=data["expected_decision"],
                direct_assistance_confirmed=bool(data.get("direct_assistance_confirmed")),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(rfa)
        else:
            rfa.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _("Decision recorded. The request is now “%(status)s”.")
                % {"status": rfa.get_status_display()},
            )
            return redirect(at_meeting or rfa)
    running = selectors.referral_with_responses(rfa)
    return render(
        request,
        "requests/hct_decide.html",
        {
            "rfa": rfa,
            "form": form,
            "referral": running.referral if running else None,
            "responses": running.responses if running else [],
            "meeting": meeting,
            "compare": compare_with_proposal(form, proposal),
            "in_force": in_force,
            "direct": direct,
            "at_meeting": at_meeting,
            "flagged": selectors.flagged_answers(rfa),
        },
        status=400 if request.method == "POST" else 200,
    )
