"""Forms of the HCT meeting pages. They validate input; the services (services/meetings.py) write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcoord import timezones
from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Role

from ..models import validate_attachment
from .common import DATETIME, PeopleChoiceField, members


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    call_link = forms.URLField(label=_("Call link"), max_length=500, required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        timezones.name_zone_under(self.fields["starts_at"])  # typed in the operation's time
        self.fields["place"].help_text = _("A place, a call link, or both.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("call_link") and "call_link" not in self.errors:
            self.add_error("place", _("Give a place or a call link."))
        return cleaned


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttendanceForm(forms.Form):
    attendees = PeopleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Who attended"))

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members(operation, [Role.HCT_MEMBER, Role.HC])


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    minutes_file = forms.FileField(
        label=_("Minutes file"),
        required=False,
        validators=[validate_attachment],
        help_text=_("PDF, image, Word, Excel, CSV or text; at most 10 MB."),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("minutes") or "").strip() and not cleaned.get("minutes_file") and not self.errors:
            self.add_error("minutes", _("Write the minutes or attach them as a file."))
        return cleaned


class AgendaAddForm(forms.Form):
    referral = forms.TypedChoiceField(label=_("Request waiting for a meeting"), coerce=int)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {r.pk: r for r in candidates}
        self.fields["referral"].choices = [
            (r.pk, f"{r.request.reference} — {r.request.title}") for r in candidates
        ]
