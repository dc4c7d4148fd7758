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
