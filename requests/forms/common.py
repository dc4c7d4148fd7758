"""What the request, HCT and task forms share: date widgets and the choice of a person of the operation."""

from django import forms

from cmcoord.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def members(operation, roles):
    return (
        User.objects.filter(memberships__operation=operation, memberships__role__in=roles)
        .select_related("organization")
        .order_by("last_name", "first_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        org = f" ({user.organization.short_name})" if user.organization_id else ""
        return f"{user.get_full_name() or user.username}{org}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        org = f" ({user.organization.short_name})" if user.organization_id else ""
        return f"{user.get_full_name() or user.username}{org}"
