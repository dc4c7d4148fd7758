"""Who may read and manage guidelines: the one place guideline pages and the API ask."""

from django.db.models import Q, QuerySet
from django.http import Http404

from cmcoord.models import HUMANITARIAN_ROLES, Role
from cmcoord.permissions import roles_by_operation

from .models import Guideline


def visible_guidelines(user) -> QuerySet[Guideline]:
    """Global and regional guidelines for anyone with a role somewhere; a country guideline for the members of
    its operation. Military users read only the public ones, never the HCT's internal ones."""
    roles = roles_by_operation(user)
    if not roles:
        return Guideline.objects.none()
    humanitarian_ops = [op for op, role in roles.items() if role in HUMANITARIAN_ROLES]
    military_ops = [op for op, role in roles.items() if role == Role.MILITARY_LIAISON]
    general = Q(operation__isnull=True)
    humanitarian = general | Q(operation__in=humanitarian_ops)
    military = (general | Q(operation__in=military_ops)) & Q(is_public=True)
    return Guideline.objects.filter(humanitarian | military if humanitarian_ops else military)


def get_guideline_for_user(user, pk) -> Guideline:
    """The guideline, or 404 when the user may not read it."""
    guideline = visible_guidelines(user).filter(pk=pk).first()
    if guideline is None:
        raise Http404("No such guideline.")
    return guideline
