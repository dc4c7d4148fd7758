"""Reads of the guidelines library. The requests app asks here for the criteria of an assessment."""

from django.db.models import F, Q, QuerySet

from cmcoord.models import Operation

from .models import CriterionVersion, Guideline, contexts_for_operation


def guidelines_in_force(operation: Operation) -> QuerySet[Guideline]:
    """The guidelines in force for an operation, never a superseded one.

    Those its CMCoord officers marked in force; until they mark any, the global guidelines that fit the
    operation's context and the operation's own country guidelines.
    """
    if operation.guidelines_in_force.exists():
        base = Q(operations_in_force__operation=operation)
    else:
        base = Q(scope=Guideline.Scope.GLOBAL) | Q(operation=operation)
    return (
        Guideline.objects.filter(
            base, contexts__in=contexts_for_operation(operation), superseded_by__isnull=True
        )
        .distinct()
        .order_by("precedence", "-year", "pk")
    )


def criteria_for_operation(operation: Operation) -> list[CriterionVersion]:
    """The current version of each criterion an assessment in this operation must answer, in order.

    Criteria come from the guidelines in force, filtered to the operation's context; when two guidelines set
    a criterion with the same code, the stricter guideline's (lower precedence) wins. A complex emergency thus
    adds the stricter criteria that a natural disaster does not have.
    """
    versions = (
        CriterionVersion.objects.filter(
            criterion__guideline__in=guidelines_in_force(operation),
            criterion__contexts__in=contexts_for_operation(operation),
            criterion__current=F("pk"),
        )
        .select_related("criterion", "criterion__guideline")
        .order_by("criterion__guideline__precedence", "criterion__order", "criterion__pk")
    )
    chosen: dict[str, CriterionVersion] = {}
    for version in versions:
        chosen.setdefault(version.criterion.code, version)
    return sorted(chosen.values(), key=lambda v: (v.criterion.order, v.criterion.code))
