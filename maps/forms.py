from django import forms
from django.utils.translation import gettext_lazy as _

from requests.models import AssistanceRequest

from .models import LayerKind, MapLayer, Place

SHOW_CHOICES = [("requests", _("Requests")), ("tasks", _("Running tasks"))]


class MapFilterForm(forms.Form):
    """The operation map's filters (GET): the map, its table and its exports read the same query."""

    show = forms.MultipleChoiceField(
        label=_("Show"), choices=SHOW_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.MultipleChoiceField(
        label=_("Request status"),
        choices=AssistanceRequest.Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priority = forms.MultipleChoiceField(
        label=_("Priority"),
        choices=AssistanceRequest.Priority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "lat", "lon"]
        help_texts = {
            "lat": _("Decimal degrees, −90 to 90 (south is negative)."),
            "lon": _("Decimal degrees, −180 to 180 (west is negative)."),
        }

    def validate_unique(self):
        """The service checks the name (case-insensitively) inside its transaction."""


class LayerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=LayerKind.choices)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=MapLayer._meta.get_field("source").help_text,
    )
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection in WGS84 longitude/latitude; at most 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".geojson,.json,application/geo+json,application/json"}
        ),
    )
