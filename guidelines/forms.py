"""Forms of the guidelines library: the library's filters (pages and API share them), the country guideline
and a new version."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cmcoord import uploads
from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Operation

from .models import Contexts, Guideline, contexts_for_operation

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = ("pdf", "docx", "odt")


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("e.g. escort last resort")}),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), required=False, choices=[("", _("Any scope")), *Guideline.Scope.choices]
    )
    context = forms.ChoiceField(
        label=_("Context"),
        required=False,
        choices=[
            ("", _("Any context")),
            (Contexts.NATURAL_DISASTER, Contexts.NATURAL_DISASTER.label),
            (Contexts.COMPLEX_EMERGENCY, Contexts.COMPLEX_EMERGENCY.label),
        ],
    )
    issuer = forms.ChoiceField(label=_("Issuer"), required=False)
    superseded = forms.BooleanField(label=_("Show superseded versions"), required=False)

    def __init__(self, *args, issuers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # The issuers the platform ships are in the catalogue; one a user typed comes back as it is.
        self.fields["issuer"].choices = [("", _("Any issuer")), *((i, gettext(i)) for i in issuers)]

    def filters(self) -> dict:
        """Keyword arguments for selectors.library: the valid filters (an unknown issuer is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q", ""),
            "scope": data.get("scope", ""),
            "context": data.get("context", ""),
            "issuer": data.get("issuer", ""),
            "include_superseded": bool(data.get("superseded")),
        }


def validate_document(upload) -> None:
    """A PDF, DOCX or ODT file of at most 10 MB whose content is that type of document (cmcoord.uploads)."""
    if uploads.too_large(upload, MAX_DOCUMENT_BYTES):
        raise ValidationError(_("The document is too large: at most 10 MB."), code="too_large")
    extension = uploads.extension_of(upload.name)
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(_("Upload a PDF, DOCX or ODT document."), code="file_type")
    if not uploads.content_matches(upload, extension):
        raise ValidationError(
            _("This file is not a real %(type)s document.") % {"type": extension.upper()},
            code="file_content",
        )


class CountryGuidelineForm(forms.ModelForm):
    """A country-specific guideline written by the HCT: the document uploaded, or a link to it, or both."""

    url = forms.URLField(
        label=_("Link to the document"), required=False, max_length=200, assume_scheme="https"
    )
    in_force = forms.BooleanField(
        label=_("In force for this operation"),
        required=False,
        initial=True,
        help_text=_("Its criteria, if any, join the operation's last-resort assessments."),
    )

    class Meta:
        model = Guideline
        fields = [
            "title",
            "short_name",
            "issuer",
            "year",
            "contexts",
            "version",
            "summary",
            "document",
            "url",
        ]
        fields += ["is_public"]
        labels = {
            "title": _("Title"),
            "issuer": _("Issuer"),
            "year": _("Year"),
            "version": _("Version"),
            "summary": _("Summary"),
            "document": _("Document"),
            "short_name": _("Short name"),
            "contexts": _("Applies to"),
            "is_public": _("Public: military liaison officers of the operation may read it"),
        }
        help_texts = {
            "document": _("PDF, DOCX or ODT, at most 10 MB."),
            "is_public": _("Leave unticked for an HCT-internal guideline (humanitarian members only)."),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, operation: Operation, **kwargs):
        kwargs.setdefault("instance", Guideline(scope=Guideline.Scope.COUNTRY, operation=operation))
        super().__init__(*args, **kwargs)
        self.operation = operation
        self.fields["issuer"].initial = f"HCT {operation.country}"

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "size"):
            validate_document(document)
        return document

    def clean(self):
        data = super().clean()
        if not data.get("document") and not data.get("url") and not self.has_error("document"):
            raise ValidationError(_("Upload the document or give a link to it."), code="no_document")
        contexts = data.get("contexts")
        if data.get("in_force") and contexts and contexts not in contexts_for_operation(self.operation):
            self.add_error(
                "contexts",
                _(
                    "This operation's context is “%(context)s”: a guideline for “%(contexts)s” cannot be in "
                    "force here."
                )
                % {
                    "context": self.operation.get_context_display(),
                    "contexts": Contexts(contexts).label,
                },
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in [*self.Meta.fields, "in_force"]} | {
            "document": data.get("document") or None,
            "url": data.get("url") or "",
        }


class PublishVersionForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=30)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Blank keeps the title.")
    )
    summary = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Blank keeps it."),
    )
    document = forms.FileField(
        label=_("Document"), required=False, help_text=_("PDF, DOCX or ODT, at most 10 MB.")
    )
    url = forms.URLField(
        label=_("Link to the document"), required=False, max_length=200, assume_scheme="https"
    )

    def __init__(self, *args, guideline: Guideline, **kwargs):
        super().__init__(*args, **kwargs)
        self.guideline = guideline

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            validate_document(document)
        return document

    def clean_version(self):
        version = self.cleaned_data["version"].strip()
        if version == self.guideline.version:
            raise ValidationError(
                _("Give the new version's number: this is the current one."), code="same_version"
            )
        return version


class CriterionForm(forms.Form):
    """A new criterion of a guideline: the question the last-resort assessment asks."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_(
            "A short key, e.g. no_armed_escort. Criteria of different guidelines with one code are one "
            "question: the stricter guideline's wording is asked."
        ),
    )
    number = forms.CharField(label=_("Number"), max_length=10, help_text=_("As the document numbers it."))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    contexts = forms.ChoiceField(label=_("Applies to"), choices=Contexts.choices, initial=Contexts.BOTH)


# A field that starts from stored content (in the language it was written in), not the page's text.
_AS_STORED = {"translate": "no", "dir": "auto"}


class CriterionRewordForm(forms.Form):
    """New wording of a criterion: written as its next version; assessments keep the one they answered.

    The fields start from the wording as stored, in the language it was written in (the library's own, in
    English, is translated for each reader by the catalogue): content, not the page's text (translate="no").
    """

    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=_AS_STORED))
    text = forms.CharField(
        label=_("Text"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, **_AS_STORED}),
        help_text=_(
            "The wording as stored, in the language it was written in. The library's own wordings are "
            "translated for each reader; a new wording is shown as you write it."
        ),
    )
