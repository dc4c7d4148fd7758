"""Forms of running an operation: they check shapes; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Operation, Organization, Role, User


class OperationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. Floods — Malawi"))
    code = forms.CharField(
        label=_("Code for references"),
        max_length=6,
        help_text=_("2 to 6 upper-case letters, e.g. MWI for MWI-2026-0001."),
    )
    country = forms.CharField(label=_("Country"), max_length=100)
    context = forms.ChoiceField(label=_("Context"), choices=Operation.Context.choices)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, initial="UTC", help_text=_("e.g. Africa/Blantyre")
    )
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class CloseForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )
    cancel_open_requests = forms.BooleanField(
        label=_("Cancel the open requests listed above, with this reason (their requesters are told)"),
        required=False,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        choices=Organization.Type.choices,
        help_text=_("The type decides whether the organisation is humanitarian or military."),
    )
    country = forms.CharField(
        label=_("Country of origin"), max_length=100, required=False, help_text=_("Blank if international.")
    )


class AddOrganizationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = queryset


class DeactivateOrganizationForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, organizations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r.value in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AcceptNewAccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class RecordFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("What kind"), required=False)
    object_type = forms.ChoiceField(label=_("Object"), required=False)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actors, kinds, object_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
        self.fields["kind"].choices = [("", _("Any"))] + list(kinds)
        self.fields["object_type"].choices = [("", _("Any"))] + list(object_types)
