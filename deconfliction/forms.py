"""Forms of the humanitarian notification pages. They validate input; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcoord import timezones
from cmcoord.limits import TEXT_MAX_LENGTH

from .models import LATITUDE, LONGITUDE, MovementType, NotificationVersion, SiteType

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

SITE_FIELDS = [
    "site_type",
    "name",
    "lat",
    "lon",
    "address",
    "starts_at",
    "ends_at",
    "markings",
    "party_contact",
    "staff_count",
    "internal_contact",
    "internal_notes",
]
MOVEMENT_FIELDS = [
    "movement_type",
    "purpose",
    "starts_at",
    "ends_at",
    "vehicle_count",
    "vehicle_type",
    "markings",
    "plates",
    "call_sign",
    "party_contact",
    "staff_count",
    "internal_contact",
    "internal_notes",
]
HUMANITARIAN_ONLY = ("staff_count", "internal_contact", "internal_notes")


def _coordinate(label, validators, low: int, high: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=5,
        validators=validators,
        widget=forms.NumberInput(attrs={"step": "any", "min": low, "max": high, "inputmode": "decimal"}),
    )


class _VersionForm(forms.ModelForm):
    organization = forms.ModelChoiceField(queryset=None, label=_("Notifying organisation"))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
            if organizations.count() == 1:
                self.fields["organization"].initial = organizations.first()
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = DATETIME
            self.fields[name].input_formats = DATETIME_FORMATS
            timezones.name_zone_under(self.fields[name])  # typed in the operation's time
        for name in ("lat", "lon"):
            if name in self.fields:
                low, high, validators = (-90, 90, LATITUDE) if name == "lat" else (-180, 180, LONGITUDE)
                self.fields[name] = _coordinate(self.fields[name].label, validators, low, high)
                self.fields[name].required = True

    def _post_clean(self):
        # The service validates the version as a whole (required fields by kind, the period).
        pass

    def version_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organization"}


class SiteForm(_VersionForm):
    class Meta:
        model = NotificationVersion
        fields = SITE_FIELDS
        widgets = {"internal_notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"ends_at": _("Leave empty for a standing site (until it is withdrawn).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("site_type", "name", "party_contact"):
            self.fields[name].required = True
        self.fields["site_type"].choices = [("", "—"), *SiteType.choices]


class MovementForm(_VersionForm):
    class Meta:
        model = NotificationVersion
        fields = MOVEMENT_FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("movement_type", "purpose", "starts_at", "ends_at", "vehicle_count", "party_contact"):
            self.fields[name].required = True
        self.fields["movement_type"].choices = [("", "—"), *MovementType.choices]
        self.fields["vehicle_count"].min_value = 1
        self.fields["vehicle_count"].widget.attrs["min"] = 1

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned


class LegForm(forms.Form):
    from_name = forms.CharField(label=_("From"), max_length=200)
    from_lat = _coordinate(_("Latitude"), LATITUDE, -90, 90)
    from_lon = _coordinate(_("Longitude"), LONGITUDE, -180, 180)
    to_name = forms.CharField(label=_("To"), max_length=200)
    to_lat = _coordinate(_("Latitude"), LATITUDE, -90, 90)
    to_lon = _coordinate(_("Longitude"), LONGITUDE, -180, 180)


class BaseLegFormSet(forms.BaseFormSet):
    def legs(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data]


LegFormSet = forms.formset_factory(
    LegForm, formset=BaseLegFormSet, extra=2, min_num=1, validate_min=True, max_num=20, validate_max=True
)


def leg_formset(data=None, legs=None) -> BaseLegFormSet:
    initial = None
    if legs is not None:
        names = ("from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon")
        initial = [{f: getattr(leg, f) for f in names} for leg in legs]
    return LegFormSet(
        data=data,
        initial=initial,
        prefix="legs",
        error_messages={"too_few_forms": _("Give at least one leg of the route: where from and where to.")},
    )


class TransmitForm(forms.Form):
    parties = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Parties"),
        help_text=_(
            "Each party sees only what is transmitted to it. Parties told before get the new version."
        ),
        error_messages={"required": _("Choose at least one party.")},
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Why (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept on record; the parties are only told that it is withdrawn."),
    )


class ConcernForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Your concern"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the CMCoord officers and the notifying organisation."),
        error_messages={"required": _("Write the concern.")},
    )
