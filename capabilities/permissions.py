"""Who may see and do what with the capabilities of the forces: the one place pages, exports and the API ask.

- military liaison officer: their own force's assets, which they declare and edit;
- CMCoord officer: every force's assets; may record and edit them on a force's behalf (marked as such);
- HCT member and HC: every force's assets, read only;
- requester and observer: only the aggregate (which capabilities exist in the operation, not which force):
  DOMAIN.md grants the full registry to officers, the HCT and the HC only;
- anyone else, and every other operation: nothing. An asset the user may not see is 404, never 403.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from cmcoord.models import Operation, Role
from cmcoord.permissions import role_in, roles_by_operation

from .models import Asset

SEE_ALL = (Role.CMCOORD_OFFICER, Role.HCT_MEMBER, Role.HC)
SEE_AGGREGATE = (Role.REQUESTER, Role.OBSERVER)


def visible_assets(user, operation: Operation | None = None) -> QuerySet[Asset]:
    """The assets the user may see one by one, in one operation or in all of theirs."""
    roles = roles_by_operation(user)
    if operation is not None:
        roles = {operation.pk: roles[operation.pk]} if operation.pk in roles else {}
    condition = Q(pk__in=[])
    for op_id, role in roles.items():
        if role in SEE_ALL:
            condition |= Q(operation_id=op_id)
        elif role == Role.MILITARY_LIAISON and user.organization_id:
            condition |= Q(operation_id=op_id, force_id=user.organization_id)
    return Asset.objects.filter(condition)


def get_asset_for_user(user, pk) -> Asset:
    """The asset, or 404 when the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such asset.") from None
    asset = visible_assets(user).select_related("operation", "force", "recorded_by").filter(pk=pk).first()
    if asset is None:
        raise Http404("No such asset.")
    return asset


def can_view_registry(user, operation) -> bool:
    """The registry page: every member of the operation (requesters and observers see the aggregate)."""
    return operation is not None and role_in(user, operation) is not None


def sees_assets(user, operation) -> bool:
    """Sees assets one by one (their own force's, or every force's)."""
    return role_in(user, operation) in (*SEE_ALL, Role.MILITARY_LIAISON)


def sees_all_forces(user, operation) -> bool:
    return role_in(user, operation) in SEE_ALL


def sees_aggregate_only(user, operation) -> bool:
    return role_in(user, operation) in SEE_AGGREGATE


def _writable(operation) -> bool:
    return operation.status == Operation.Status.ACTIVE


def can_declare(user, operation) -> bool:
    """A force's liaison officers declare its assets; officers record them on a force's behalf."""
    return (
        operation is not None
        and _writable(operation)
        and role_in(user, operation) in (Role.MILITARY_LIAISON, Role.CMCOORD_OFFICER)
        and (role_in(user, operation) != Role.MILITARY_LIAISON or bool(user.organization_id))
    )


def declares_on_behalf(user, operation) -> bool:
    """An officer's entry is marked as recorded on the force's behalf."""
    return role_in(user, operation) == Role.CMCOORD_OFFICER


def can_edit(user, asset: Asset) -> bool:
    """The force's own liaison officers, or an officer on its behalf, while the operation runs."""
    if not _writable(asset.operation):
        return False
    role = role_in(user, asset.operation_id)
    return role == Role.CMCOORD_OFFICER or (
        role == Role.MILITARY_LIAISON and user.organization_id == asset.force_id
    )


def can_view_gaps(user, operation) -> bool:
    """The gaps: officers (who raise them at the HuMOCC/MNCC), the HCT and the HC; never the military."""
    return operation is not None and role_in(user, operation) in SEE_ALL


def can_match(user, operation) -> bool:
    """The ranked assets on the tasking page: the officers who task."""
    return operation is not None and role_in(user, operation) == Role.CMCOORD_OFFICER
