from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cmcoord.forms import text_direction_auto
from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import Organization, User

from . import imports
from .models import Contact, ContactPhone, CoordinationPlatform, Function
from .selectors import DirectoryFilters
from .services import ContactFields, PlatformFields


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters (GET). Choices are passed in, so the form runs no query."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    organization = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    organization_type = forms.ChoiceField(label=_("Type"), required=False)
    function = forms.ChoiceField(label=_("Function"), required=False)
    platform = forms.TypedChoiceField(label=_("Platform"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), required=False)
    stale = forms.BooleanField(label=_("Not verified for 90 days"), required=False)

    def __init__(self, data, *, organizations, platforms, languages):
        super().__init__(data)
        self.fields["q"].widget.attrs.update(
            type="search", placeholder=_("Name, organisation, place, email…")
        )
        self.fields["organization"].choices = [("", _("All"))] + [(o.pk, o.short_name) for o in organizations]
        self.fields["organization_type"].choices = [("", _("All"))] + list(Organization.Type.choices)
        self.fields["function"].choices = [("", _("All"))] + list(Function.choices)
        self.fields["platform"].choices = [("", _("All"))] + [(p.pk, p.name) for p in platforms]
        self.fields["language"].choices = [("", _("All"))] + [(lang, lang) for lang in languages]

    def filters(self) -> DirectoryFilters:
        if not self.is_valid():
            return DirectoryFilters()
        data = self.cleaned_data
        return DirectoryFilters(
            q=data["q"],
            organization=data["organization"],
            organization_type=data["organization_type"],
            function=data["function"],
            platform=data["platform"],
            language=data["language"],
            stale=data["stale"],
        )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Organisation"))
    emails = forms.CharField(
        label=_("Emails"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or more, separated by commas."),
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        required=False,
        max_length=200,
        help_text=_("Numbers separated by commas, e.g. +258 84 123 4567"),
    )
    landline = forms.CharField(label=_("Landline"), required=False, max_length=200)
    satellite = forms.CharField(label=_("Satellite"), required=False, max_length=200)
    radio_call_sign = forms.CharField(label=_("Radio call sign"), required=False, max_length=50)
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    languages = forms.CharField(
        label=_("Languages"), required=False, max_length=200, help_text=_("e.g. Portuguese, English")
    )
    functions = forms.MultipleChoiceField(
        label=_("Functions"), choices=Function.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sharing = forms.ChoiceField(
        choices=Contact.Sharing.choices,
        initial=Contact.Sharing.HUMANITARIAN,
        widget=forms.RadioSelect,
        label=_("Shared with"),
        help_text=_("Military users see only contacts shared with everyone, and never the notes."),
    )
    last_verified = forms.DateField(
        label=_("Last verified"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Linked account"), help_text=_("Optional.")
    )
    notes = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Personal: never shown to the military."),
    )

    def __init__(self, *args, operation, contact: Contact | None = None, **kwargs):
        if contact is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(contact)
        super().__init__(*args, **kwargs)
        text_direction_auto(self)
        self.fields["organization"].queryset = operation.organizations.order_by("name")
        self.fields["user"].queryset = (
            User.objects.filter(memberships__operation=operation)
            .select_related("organization")
            .order_by("username")
        )

    @staticmethod
    def initial_for(contact: Contact) -> dict:
        phones = {kind: [] for kind in ContactPhone.Kind.values}
        for phone in contact.phones.all():
            phones[phone.kind].append(phone.number)
        return {
            "name": contact.name,
            "title": contact.title,
            "organization": contact.organization_id,
            "emails": ", ".join(e.email for e in contact.emails.all()),
            **{kind: ", ".join(numbers) for kind, numbers in phones.items()},
            "radio_call_sign": contact.radio_call_sign,
            "location": contact.location,
            "languages": contact.languages,
            "functions": contact.function_codes,
            "sharing": contact.sharing,
            "last_verified": contact.last_verified,
            "user": contact.user_id,
            "notes": contact.notes,
        }

    def clean_emails(self):
        emails, errors = imports.parse_emails(self.cleaned_data["emails"])
        if errors:
            raise forms.ValidationError(errors)
        return emails

    def _clean_phones(self, kind):
        numbers, errors = imports.parse_phones(self.cleaned_data[kind])
        if errors:
            raise forms.ValidationError(errors)
        return numbers

    def clean_mobile(self):
        return self._clean_phones("mobile")

    def clean_landline(self):
        return self._clean_phones("landline")

    def clean_satellite(self):
        return self._clean_phones("satellite")

    def contact_fields(self) -> ContactFields:
        d = self.cleaned_data
        return ContactFields(
            name=d["name"].strip(),
            title=d["title"],
            organization=d["organization"],
            emails=d["emails"],
            phones=[(kind, n) for kind in ContactPhone.Kind.values for n in d[kind]],
            radio_call_sign=d["radio_call_sign"],
            location=d["location"],
            languages=", ".join(imports.split_values(d["languages"])),
            functions=d["functions"],
            notes=d["notes"],
            sharing=d["sharing"],
            last_verified=d["last_verified"],
            user=d["user"],
        )


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organization.short_name})"


class ChairChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organization.short_name})"


class PlatformForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CoordinationPlatform.Kind.choices)
    meeting_schedule = forms.CharField(
        label=_("Meeting schedule"), max_length=200, required=False, help_text=_("e.g. Daily at 09:00")
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    chair = ChairChoiceField(label=_("Chair"), queryset=Contact.objects.none(), required=False)
    members = ContactChoiceField(
        label=_("Members"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, operation, platform: CoordinationPlatform | None = None, **kwargs):
        if platform is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": platform.name,
                "kind": platform.kind,
                "meeting_schedule": platform.meeting_schedule,
                "location": platform.location,
                "chair": platform.chair_id,
                "members": list(platform.members.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        contacts = Contact.objects.filter(operation=operation).select_related("organization").order_by("name")
        self.fields["chair"].queryset = contacts
        self.fields["members"].queryset = contacts

    def platform_fields(self) -> PlatformFields:
        d = self.cleaned_data
        return PlatformFields(
            name=d["name"].strip(),
            kind=d["kind"],
            meeting_schedule=d["meeting_schedule"],
            location=d["location"],
            chair=d["chair"],
            members=list(d["members"]),
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=format_lazy(
            _(
                "UTF-8 CSV with a header row: {columns}. Name and organisation are required; an organisation "
                "is given by its acronym or name."
            ),
            columns=", ".join(imports.COLUMNS),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": imports.MAX_BYTES // (1024 * 1024)}
            )
        try:
            self.text = imports.decode(upload.read())
            imports.read_rows(self.text)
        except imports.ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
