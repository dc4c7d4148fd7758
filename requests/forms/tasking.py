"""Forms of the task pages. They validate input; the services (services/tasking.py) write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import HUMANITARIAN_ROLES

from .common import DATE, PersonChoiceField, members


class TaskForm(forms.Form):
    force = forms.ModelChoiceField(queryset=None, label=_("Military organisation"))
    poc = PersonChoiceField(
        queryset=None,
        label=_("Humanitarian point of contact"),
        help_text=_(
            "The one person the force deals with for this task: their name, organisation and email "
            "are shared with the force."
        ),
    )
    poc_phone = forms.CharField(
        required=False,
        max_length=50,
        label=_("Point of contact's phone"),
        help_text=_("Shared with the force."),
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["force"].queryset = operation.organizations.military().order_by("name")
        self.fields["poc"].queryset = members(operation, HUMANITARIAN_ROLES)


class AcceptForm(forms.Form):
    conditions_confirmed = forms.BooleanField(
        label=_("The force will respect these conditions and the validity of the approval."),
        error_messages={
            "required": _("Confirm the conditions of the approval: the force accepts the task under them.")
        },
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Why the force declines"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgressForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Progress report"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    delivered = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("What was delivered"), widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The completion date cannot be in the future."))
        return value


class AcknowledgeForm(forms.Form):
    """The force acknowledges the renewed or amended approval it read (the decision's id, hidden)."""

    decision = forms.IntegerField(widget=forms.HiddenInput)
    read = forms.BooleanField(
        label=_("I have read the new conditions and validity; the force will respect them."), required=True
    )
