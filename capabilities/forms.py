"""Forms of the capability pages. They validate input; services.py writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Asset, AssetConstraint
from .services import EDITABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssetForm(forms.ModelForm):
    force = forms.ModelChoiceField(
        queryset=None,
        label=_("Force"),
        help_text=_("You record this asset on the force's behalf; the entry is marked as such."),
    )
    constraints = forms.MultipleChoiceField(
        choices=AssetConstraint.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Constraints"),
    )

    class Meta:
        model = Asset
        fields = ["force", *EDITABLE_FIELDS]
        widgets = {
            "available_from": DATE,
            "available_until": DATE,
            "other_constraints": forms.TextInput(),
        }

    def __init__(self, *args, operation, force_choice: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if force_choice:
            self.fields["force"].queryset = operation.organizations.military().order_by("name")
        else:
            del self.fields["force"]
            del self.fields["source"]

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.cleaned_data}


class WithdrawForm(forms.Form):
    comment = forms.CharField(label=_("Why"), required=False, max_length=500, widget=forms.TextInput())
