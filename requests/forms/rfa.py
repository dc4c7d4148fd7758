"""Forms of the request pages. They validate input; the services write."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cmcoord.forms import text_direction_auto
from cmcoord.limits import MAX_LEGS, TEXT_MAX_LENGTH

from ..lifecycle import ACTIONS
from ..models import LATITUDE, LONGITUDE, AssessmentAnswer, AssistanceRequest, RequestAttachment
from ..services.rfa import REQUEST_FIELDS
from .common import DATE


class RequestForm(forms.ModelForm):
    organization = forms.ModelChoiceField(queryset=None, label=_("Requesting organisation"))

    class Meta:
        model = AssistanceRequest
        fields = ["organization", *REQUEST_FIELDS]
        widgets = {
            "required_by": DATE,
            "latest_acceptable": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "cargo_description": forms.Textarea(attrs={"rows": 2}),
            "exit_plan": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Title"),
            "requesting_officer": _("Requesting officer"),
            "endorsing_cluster": _("Endorsing cluster"),
            "capability": _("Capability"),
            "assistance_type": _("Assistance type"),
            "passengers": _("Passengers"),
            "cargo_description": _("Cargo description"),
            "dangerous_goods": _("Dangerous goods"),
            "priority": _("Priority"),
        }
        help_texts = {
            "description": _("What must be done, for whom, and why civilian means cannot do it."),
            "latest_acceptable": _("After this date the assistance is no longer useful."),
            "requesting_officer": _("Leave empty to name yourself."),
        }

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        text_direction_auto(self)
        self.fields["requesting_officer"].required = False
        if self.instance.pk:
            # The requesting organisation of a logged request does not change.
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
            if organizations is not None and organizations.count() == 1:
                self.fields["organization"].initial = organizations.first()

    def clean(self):
        cleaned = super().clean()
        required_by, latest = cleaned.get("required_by"), cleaned.get("latest_acceptable")
        if required_by and latest and latest < required_by:
            self.add_error(
                "latest_acceptable", _("The latest acceptable date cannot be before the required-by date.")
            )
        return cleaned

    def _post_clean(self):
        # The model's clean() repeats the date rule; the form already reported it next to the field.
        pass


def _coordinate(label: str, validators, low: int, high: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=5,
        validators=validators,
        widget=forms.NumberInput(attrs={"step": "any", "min": low, "max": high, "inputmode": "decimal"}),
        error_messages={
            "min_value": format_lazy(_("Must be between {low} and {high}."), low=low, high=high),
            "max_value": format_lazy(_("Must be between {low} and {high}."), low=low, high=high),
        },
    )


class LegForm(forms.Form):
    from_name = forms.CharField(label=_("From"), max_length=200)
    from_lat = _coordinate(_("Latitude"), LATITUDE, -90, 90)
    from_lon = _coordinate(_("Longitude"), LONGITUDE, -180, 180)
    to_name = forms.CharField(label=_("To"), max_length=200)
    to_lat = _coordinate(_("Latitude"), LATITUDE, -90, 90)
    to_lon = _coordinate(_("Longitude"), LONGITUDE, -180, 180)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_direction_auto(self)


class BaseLegFormSet(forms.BaseFormSet):
    def legs(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


# One row to start with; "Add a leg" adds one (a few lines of script, or the server when there is none).
LegFormSet = forms.formset_factory(
    LegForm,
    formset=BaseLegFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_LEGS,
    validate_max=True,
)
LEG_FIELDS = ("from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon")


def legs_as_typed(data, prefix: str = "legs") -> list[dict]:
    """The leg rows of a posted form as typed (not validated), to show them again."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), LegFormSet.max_num)
    except ValueError:
        total = 0
    return [{f: data.get(f"{prefix}-{i}-{f}", "") for f in LEG_FIELDS} for i in range(total)]


def legs_changed(rows: list[dict], *, add: bool, remove: int | None) -> list[dict]:
    """The rows after "Add a leg" (it starts where the last one ended) or "Remove" of one row."""
    rows = list(rows)
    if remove is not None and 0 <= remove < len(rows) and len(rows) > 1:
        del rows[remove]
    if add and len(rows) < LegFormSet.max_num:
        last = rows[-1] if rows else {}
        rows.append(
            {
                "from_name": last.get("to_name", ""),
                "from_lat": last.get("to_lat", ""),
                "from_lon": last.get("to_lon", ""),
            }
        )
    return rows


def leg_formset(data=None, legs=None, rows=None) -> BaseLegFormSet:
    initial = rows
    if legs is not None:
        initial = [
            {f: getattr(leg, f) for f in ("from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon")}
            for leg in legs
        ]
    return LegFormSet(
        data=data,
        initial=initial,
        prefix="legs",
        error_messages={"too_few_forms": _("Give at least one leg: where from and where to.")},
    )


class AssessmentForm(forms.Form):
    """One answer and one justification per criterion of the assessment."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code = row.code
            self.fields[f"answer_{code}"] = forms.ChoiceField(
                label=_("Answer"),
                required=False,
                choices=[("", _("Not answered yet")), *AssessmentAnswer.Answer.choices],
                initial=row.answer.answer if row.answer else "",
                widget=forms.RadioSelect,
            )
            self.fields[f"justification_{code}"] = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                label=_("Justification"),
                required=False,
                initial=row.answer.justification if row.answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            answer = cleaned.get(f"answer_{row.code}")
            justification = (cleaned.get(f"justification_{row.code}") or "").strip()
            if answer and not justification:
                self.add_error(f"justification_{row.code}", _("Justify the answer."))
            elif justification and not answer:
                self.add_error(f"answer_{row.code}", _("Choose met, not met or unclear."))
        return cleaned

    def bound_rows(self):
        """(row, answer field, justification field) for the template."""
        return [(row, self[f"answer_{row.code}"], self[f"justification_{row.code}"]) for row in self.rows]

    def answers(self) -> list[dict]:
        found = []
        for row in self.rows:
            answer = self.cleaned_data.get(f"answer_{row.code}")
            if answer:
                found.append(
                    {
                        "criterion_version": row.version,
                        "answer": answer,
                        "justification": self.cleaned_data[f"justification_{row.code}"],
                    }
                )
        return found


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    expected_status = forms.CharField(required=False, widget=forms.HiddenInput)
    # Asked by the actions that need a reason (withdraw); the service refuses the action without one.
    reason = forms.ChoiceField(
        label=_("Why is the request withdrawn?"),
        choices=AssistanceRequest.WithdrawalReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Internal comment"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=TEXT_MAX_LENGTH,
    )


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = RequestAttachment
        fields = ["file"]
        labels = {"file": _("File")}
        help_texts = {"file": _("PDF, image, Word, Excel, CSV or text; at most 10 MB.")}
