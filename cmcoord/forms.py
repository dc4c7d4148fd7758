"""Forms of the core."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import NotificationChannel, User
from .notifications import kinds


def errors_to_form(
    form: forms.BaseForm, error: ValidationError, *, skip: Iterable[str] = ()
) -> dict[str, list]:
    """Show a service's ValidationError on a form: each message next to its field, or at the top when the form
    has no such field. The messages of the `skip` fields are returned for the caller to place (a formset)."""
    skipped: dict[str, list] = {}
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in by_field.items():
        if field in skip:
            skipped[field] = list(messages)
            continue
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    return skipped


class NotificationPreferencesForm(forms.Form):
    """One choice of channel per kind of event, and the language of the emails and pages."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=User.Language.choices,
        help_text=_("Emails and notifications are written in this language."),
    )

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds():
            self.fields[self.field_name(kind.key)] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationChannel.choices,
                initial=channels.get(kind.key, NotificationChannel.EMAIL_NOW),
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(kind: str) -> str:
        return "kind__" + kind.replace(".", "__")

    def kind_fields(self):
        return [self[self.field_name(kind.key)] for kind in kinds()]

    def channels(self) -> dict[str, str]:
        return {kind.key: self.cleaned_data[self.field_name(kind.key)] for kind in kinds()}
