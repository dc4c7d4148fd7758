from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import Period


class PeriodForm(forms.Form):
    """The dashboard's period: requests submitted, decisions recorded, tasks given between two dates."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end of the period cannot be before its start."), code="period_order"
            )
        return data

    def period(self) -> Period:
        if not self.is_valid():
            return Period()
        return Period(self.cleaned_data.get("start"), self.cleaned_data.get("end"))


class ReaderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.organization.short_name})" if obj.organization_id else str(obj)


class DailyReportSettingForm(forms.Form):
    """When, and to whom, the daily report is emailed (officers)."""

    enabled = forms.BooleanField(label=_("Email the daily report each morning"), required=False)
    hour = forms.TypedChoiceField(
        label=_("At (the operation's time)"), coerce=int, choices=[(h, f"{h:02d}:00") for h in range(24)]
    )
    recipients = ReaderChoiceField(
        label=_("Recipients"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None chosen: every reader of the operation. Liaison officers receive the military version "
            "(only their force's tasks)."
        ),
    )

    def __init__(self, *args, readers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = readers
