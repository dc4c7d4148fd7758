"""Forms of the HCT pages. They validate input; the services (services/hct.py) write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cmcoord import timezones
from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import HUMANITARIAN_ROLES, Role
from guidelines.selectors import guidelines_in_force

from ..models import Decision, HctReferral, HctResponse, Meeting
from ..services.hct import PROPOSABLE, clean_conditions, validate_outcome
from .common import DATE, DATETIME, PeopleChoiceField, PersonChoiceField, members


def meeting_label(meeting: Meeting) -> str:
    """A meeting as a choice: its date and time in the operation's zone, and its place or "call"."""
    when = date_format(timezone.localtime(meeting.starts_at), "j M Y H:i T")
    return f"{when} — {meeting.place or _('call')}"


class ConditionsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        return clean_conditions(super().to_python(value))

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class PutToHctForm(forms.Form):
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        choices=HctReferral.Procedure.choices,
        widget=forms.RadioSelect,
        initial=HctReferral.Procedure.WRITTEN,
        help_text=_(
            "A written procedure circulates the proposal to the HCT members with a deadline; with no "
            "objection by then it is adopted."
        ),
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=DATETIME,
        help_text=_("Written procedure: the members respond until then."),
    )
    proposed_outcome = forms.ChoiceField(
        required=False,
        label=_("Proposal"),
        choices=[("", "—"), *[(o.value, o.label) for o in PROPOSABLE]],
    )
    proposed_conditions = ConditionsField(
        required=False, label=_("Proposed conditions"), help_text=_("One condition per line.")
    )
    proposed_valid_from = forms.DateField(required=False, widget=DATE, label=_("Valid from"))
    proposed_valid_until = forms.DateField(required=False, widget=DATE, label=_("Valid until"))
    proposal = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        label=_("Proposal text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the HCT is asked to agree to, and why."),
    )
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    meeting = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Scheduled meeting"),
        empty_label=_("— schedule a new meeting below —"),
        help_text=_("The scheduled meeting whose agenda the request goes on."),
    )
    new_meeting_starts_at = forms.DateTimeField(
        label=_("New meeting: date and time"), required=False, widget=DATETIME
    )
    new_meeting_place = forms.CharField(label=_("New meeting: place"), max_length=200, required=False)
    new_meeting_call_link = forms.URLField(
        label=_("New meeting: call link"), max_length=500, required=False, assume_scheme="https"
    )
    warnings_confirmed = forms.BooleanField(
        required=False,
        label=_(
            "I have read the criteria answered “not met” or “unclear” and put the request to the HCT "
            "nonetheless."
        ),
    )
    warnings_note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Note to the HCT on these criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: the HCT reads it with the request."),
    )
    direct_justification = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Why the HCT should consider direct assistance by the military"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: the HCT reads it with the request."),
    )

    def __init__(self, *args, direct: bool = False, warnings: bool = False, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        # typed in the operation's time
        timezones.name_zone_under(self.fields["deadline"], self.fields["new_meeting_starts_at"])
        self.fields["meeting"].queryset = meetings if meetings is not None else Meeting.objects.none()
        self.fields["meeting"].label_from_instance = meeting_label
        if warnings:
            self.fields["warnings_confirmed"].required = True
            self.fields["warnings_note"].required = True
        else:
            del self.fields["warnings_confirmed"]
            del self.fields["warnings_note"]
        if direct:
            self.fields["direct_justification"].required = True
        else:
            del self.fields["direct_justification"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("procedure") == HctReferral.Procedure.WRITTEN:
            deadline = cleaned.get("deadline")
            if deadline is None and "deadline" not in self.errors:
                self.add_error("deadline", _("A written procedure needs a deadline."))
            elif deadline and deadline <= timezone.now():
                self.add_error("deadline", _("The deadline must be in the future."))
            if not cleaned.get("proposed_outcome"):
                self.add_error(
                    "proposed_outcome", _("Propose an approval (with or without conditions) or a rejection.")
                )
        if cleaned.get("procedure") == HctReferral.Procedure.MEETING and not cleaned.get("meeting"):
            if not cleaned.get("new_meeting_starts_at") and "new_meeting_starts_at" not in self.errors:
                self.add_error(
                    "meeting", _("Choose a scheduled meeting, or give the date and time of a new one.")
                )
            elif (
                not cleaned.get("new_meeting_place")
                and not cleaned.get("new_meeting_call_link")
                and "new_meeting_call_link" not in self.errors
            ):
                self.add_error("new_meeting_place", _("Give a place or a call link."))
        return cleaned

    def new_meeting(self) -> dict | None:
        """The meeting to schedule with the request on its agenda, when none was chosen."""
        c = self.cleaned_data
        if c.get("procedure") != HctReferral.Procedure.MEETING or c.get("meeting"):
            return None
        return {
            "starts_at": c.get("new_meeting_starts_at"),
            "place": c.get("new_meeting_place") or "",
            "call_link": c.get("new_meeting_call_link") or "",
        }

    def proposal_data(self) -> dict:
        c = self.cleaned_data
        return {
            "outcome": c.get("proposed_outcome"),
            "conditions": c.get("proposed_conditions") or [],
            "valid_from": c.get("proposed_valid_from"),
            "valid_until": c.get("proposed_valid_until"),
            "text": c.get("proposal") or "",
            "direct_justification": c.get("direct_justification") or "",
            "warnings_confirmed": bool(c.get("warnings_confirmed")),
            "warnings_note": c.get("warnings_note") or "",
        }


class ResponseForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Your response"), choices=HctResponse.Position.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you object: say why."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("position") == HctResponse.Position.OBJECT
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Say why you object: the HCT will discuss it at a meeting."))
        return cleaned


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    conditions = ConditionsField(
        label=_("Conditions"),
        required=False,
        help_text=_("One per line, e.g. “Unarmed personnel only”. Required for a conditional approval."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=DATE, help_text=_("Required for an approval.")
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=DATE, help_text=_("Approval is temporary by nature.")
    )
    rationale = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for a rejection or a deferral."),
    )
    guidelines = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Guidelines relied on")
    )
    on_behalf_of = PersonChoiceField(queryset=None, required=False, label=_("On behalf of (the HC)"))
    present = PeopleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Present at the meeting"),
    )

    direct_assistance_confirmed = forms.BooleanField(
        required=False,
        label=_(
            "As HC, I confirm this approval of direct assistance by the military in a complex emergency, "
            "as an exceptional last resort."
        ),
    )
    # What the HC saw when the page was drawn: a second click, or a decision recorded meanwhile, is refused.
    expected_status = forms.CharField(widget=forms.HiddenInput)
    expected_decision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, operation, meeting: bool, direct: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guidelines"].queryset = guidelines_in_force(operation)
        is_hc = any(m.role == Role.HC for m in user.memberships.filter(operation=operation))
        if not direct or not is_hc:
            # Only the HC confirms an approval of direct assistance (services/hct.decision_record).
            del self.fields["direct_assistance_confirmed"]
        if is_hc:
            del self.fields["on_behalf_of"]
        else:
            self.fields["on_behalf_of"].queryset = members(operation, [Role.HC])
            self.fields["on_behalf_of"].required = True
        if meeting:
            self.fields["present"].queryset = members(operation, HUMANITARIAN_ROLES)
        else:
            del self.fields["present"]

    def clean_expected_decision(self) -> int | None:
        value = (self.cleaned_data.get("expected_decision") or "").strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError(_("Reload the page and try again."))
        return int(value)

    def clean(self):
        cleaned = super().clean()
        try:
            validate_outcome(
                outcome=cleaned.get("outcome") or "",
                conditions=cleaned.get("conditions") or [],
                valid_from=cleaned.get("valid_from"),
                valid_until=cleaned.get("valid_until"),
                rationale=cleaned.get("rationale") or "",
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


def proposal_initial(referral) -> dict:
    """The decision form's first values: what the HCT was asked to agree (outcome, conditions, validity)."""
    if referral is None or not referral.proposed_outcome:
        return {}
    return {
        "outcome": referral.proposed_outcome,
        "conditions": list(referral.proposed_conditions or []),
        "valid_from": referral.proposed_valid_from,
        "valid_until": referral.proposed_valid_until,
    }


def renewal_initial(decision) -> dict:
    """The decision form's first values to renew or amend the approval in force: its own."""
    if decision is None or not decision.is_approval:
        return {}
    return {
        "outcome": decision.outcome,
        "conditions": list(decision.conditions or []),
        "valid_from": decision.valid_from,
        "valid_until": decision.valid_until,
    }


def _date_text(value) -> str:
    return value.isoformat() if value else ""


def compare_with_proposal(form: "DecisionForm", proposal: dict) -> dict:
    """For each field the proposal set: its proposed value (raw, for the page's script, and as shown), the
    form's current value, whether it changed, and for the conditions which lines were added and removed."""
    if not proposal:
        return {}
    outcomes = dict(Decision.Outcome.choices)

    def current(name, initial_text):
        return form.data.get(name, "") if form.is_bound else initial_text

    rows = {}
    outcome = current("outcome", proposal["outcome"])
    rows["outcome"] = {
        "raw": proposal["outcome"],
        "shown": outcomes.get(proposal["outcome"], proposal["outcome"]),
        "changed": outcome != proposal["outcome"],
    }
    before = proposal["conditions"]
    after = clean_conditions(current("conditions", "\n".join(before)))
    added = [c for c in after if c not in before]
    removed = [c for c in before if c not in after]
    rows["conditions"] = {
        "raw": "\n".join(before),
        "shown": before,
        "changed": bool(added or removed),
        "added": added,
        "removed": removed,
    }
    for name in ("valid_from", "valid_until"):
        raw = _date_text(proposal[name])
        rows[name] = {"raw": raw, "shown": proposal[name], "changed": current(name, raw) != raw}
    return rows
