"""The HCT and tasking part of a request's page: decisions, the running procedure and its responses, tasks."""

from django import template

from .. import permissions, selectors

register = template.Library()


@register.inclusion_tag("requests/_direct_warning.html")
def direct_warning(rfa):
    """The prominent warning on direct assistance by the military in a complex emergency."""
    return {"show": selectors.direct_assistance_warned(rfa)}


@register.inclusion_tag("requests/_hct_section.html", takes_context=True)
def hct_section(context, rfa):
    """Decisions (superseded ones too), the procedure running with the responses so far, the tasks."""
    user = context["request"].user
    if not permissions.can_see_decisions(user, rfa):
        return {"show": False}
    deliberating = permissions.can_see_deliberations(user, rfa)
    if deliberating:
        running = selectors.referral_with_responses(rfa)
        referral, responses = (running.referral, running.responses) if running else (None, [])
        with_hct = referral is not None
    else:
        # The requester and observers: that the request is with the HCT, never its proposal or positions.
        referral, responses = None, []
        with_hct = selectors.running_referral(rfa) is not None
    return {
        "show": True,
        "with_hct": with_hct,
        "rfa": rfa,
        "decisions": selectors.decisions_for(rfa),
        "referral": referral,
        "responses": responses,
        "tasks": selectors.tasks_for_request(rfa),
        "can_decide": permissions.can_decide(user, rfa),
        "can_task": permissions.can_task(user, rfa),
        "can_open_referral": permissions.can_open_referral(user, rfa, referral),
        "can_put_written": permissions.can_put_to_hct(user, rfa),
        "can_respond": referral is not None
        and referral.state == referral.State.OPEN
        and permissions.can_respond(user, referral)
        and not any(r.member_id == user.pk for r in responses),
        "approval": selectors.current_decision(rfa),
        # The meeting page is the HCT's and its secretariat's: others read the date, not a link.
        "meeting_link": permissions.can_list_meetings(user, rfa.operation),
    }


@register.inclusion_tag("requests/_assessment_warnings.html")
def assessment_warnings(rfa, rows):
    """First on the page: the criteria answered "not met" or "unclear" (the HCT must look at them)."""
    return {"rfa": rfa, "flagged": [r for r in rows if r.flagged]}
