"""Reads of the capabilities of the forces: querysets already filtered to what the user may see, the
aggregate for requesters, the matching of a request and the gaps. A constant number of queries each."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from cmcoord.models import AuditEvent
from cmcoord.registry import verb_label
from requests.models import AssistanceRequest, Capability, Decision, HctReferral, RequestLeg
from requests.permissions import visible_requests
from requests.selectors import current_decision

from . import matching
from .models import Asset, Assignment
from .permissions import visible_assets

S = AssistanceRequest.Status
# Requests that may still need an asset: open before the decision, approved, or declined by a force.
GAP_STATES = (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.WITH_HCT, S.APPROVED, S.DECLINED)


def assets_for_user(user, operation, *, include_withdrawn: bool = False) -> QuerySet[Asset]:
    """The operation's assets the user may see one by one, with what a row shows."""
    qs = visible_assets(user, operation).select_related("force", "recorded_by")
    if not include_withdrawn:
        qs = qs.exclude(status=Asset.Status.WITHDRAWN)
    return qs.order_by("capability", "force__name", "pk")


def capability_summary(operation) -> list[dict]:
    """Which capabilities exist in the operation, not which force: per capability, the number of entries and
    units declared (withdrawn ones left out). What requesters and observers see."""
    labels = dict(Capability.choices)
    rows = (
        Asset.objects.filter(operation=operation)
        .exclude(status=Asset.Status.WITHDRAWN)
        .values("capability")
        .annotate(
            entries=Count("pk"), units=Sum("quantity"), available=Count("pk", filter=Q(status="available"))
        )
        .order_by("capability")
    )
    return [{**row, "label": labels.get(row["capability"], row["capability"])} for row in rows]


def asset_history(asset: Asset) -> list[AuditEvent]:
    """The asset's audited changes, oldest first; each with its move and states named in the reader's
    language (label, from_label, to_label)."""
    states = {**dict(Asset.Status.choices), **dict(Assignment.State.choices)}
    events = list(AuditEvent.objects.for_object(asset).select_related("actor__organization"))
    for event in events:
        # Attributes of this list's events only.
        setattr(event, "label", verb_label(event.verb))  # noqa: B010
        setattr(event, "from_label", str(states.get(event.from_state, event.from_state)))  # noqa: B010
        setattr(event, "to_label", str(states.get(event.to_state, event.to_state)))  # noqa: B010
    return events


def assignments_for(asset: Asset) -> list[Assignment]:
    """The tasks the asset was named for, newest first."""
    return list(asset.assignments.select_related("task__request").order_by("-created_at", "-pk"))


def _need(
    rfa: AssistanceRequest, legs: list, decision: Decision | None, proposed: list | None = None
) -> matching.Need:
    """The request's need; its conditions are the approval's, or those the HCT is asked to approve."""
    first = legs[0] if legs else None
    conditions = decision.conditions if decision and decision.is_approval else (proposed or [])
    return matching.Need(
        capability=rfa.capability,
        capability_label=rfa.get_capability_display(),
        assistance_type=rfa.assistance_type,
        required_by=rfa.required_by,
        latest_acceptable=rfa.latest_acceptable,
        duration_days=rfa.duration_days,
        passengers=rfa.passengers,
        weight_kg=rfa.cargo_weight_kg,
        volume_m3=rfa.cargo_volume_m3,
        dangerous_goods=rfa.dangerous_goods,
        first_leg=(first.from_name, first.from_lat, first.from_lon) if first else None,
        conditions=[str(c) for c in conditions],
    )


def _candidates(operation) -> tuple[list[Asset], dict]:
    """The operation's assets that could be tasked (not withdrawn), and their commitments (two queries)."""
    committed = Assignment.objects.filter(state=Assignment.State.COMMITTED).select_related("task")
    assets: list[Asset] = list(
        Asset.objects.filter(operation=operation)
        .exclude(status=Asset.Status.WITHDRAWN)
        .select_related("force")
        .prefetch_related(Prefetch("assignments", queryset=committed, to_attr="commitments"))
    )
    return assets, {a.pk: a.commitments for a in assets}  # type: ignore[attr-defined]  # prefetched


def matches_for(rfa: AssistanceRequest, *, with_need: bool = False):
    """Every non-withdrawn asset of the request's operation, ranked for the request, each with its reasons
    (the caller checks the user may task the request); with_need: (need, matches)."""
    legs = list(rfa.legs.order_by("order")[:1])
    assets, commitments = _candidates(rfa.operation)
    need = _need(rfa, legs, current_decision(rfa))
    matches = matching.rank(need, assets, commitments)
    return (need, matches) if with_need else matches


def gaps(user, operation) -> list[dict]:
    """Open and approved requests the user may see for which no declared asset is suitable, by capability:
    [{"capability", "label", "rows": [{"request", "best"}]}]. Six queries whatever the numbers."""
    running = HctReferral.objects.exclude(state=HctReferral.State.CLOSED).order_by("-opened_at", "-pk")
    in_force = Decision.objects.filter(superseded_by__isnull=True).order_by("-created_at", "-pk")
    requests = list(
        visible_requests(user, operation)
        .filter(status__in=GAP_STATES)
        .select_related("organization")
        .prefetch_related(
            Prefetch("legs", queryset=RequestLeg.objects.order_by("order"), to_attr="leg_list"),
            Prefetch("decisions", queryset=in_force, to_attr="decisions_in_force"),
            Prefetch("referrals", queryset=running, to_attr="running_referrals"),
        )
        .order_by("capability", "required_by", "pk")
    )
    assets, commitments = _candidates(operation)
    by_capability: dict[str, list[Asset]] = defaultdict(list)
    for asset in assets:
        by_capability[asset.capability].append(asset)
    labels = dict(Capability.choices)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for rfa in requests:
        decision = rfa.decisions_in_force[0] if rfa.decisions_in_force else None
        proposed = rfa.running_referrals[0].proposed_conditions if rfa.running_referrals else []
        need = _need(rfa, rfa.leg_list, decision, proposed)
        ranked = matching.rank(need, by_capability.get(rfa.capability, []), commitments)
        if any(m.suitable for m in ranked):
            continue
        grouped[rfa.capability].append({"request": rfa, "best": ranked[0] if ranked else None})
    return [
        {"capability": code, "label": labels.get(code, code), "rows": rows} for code, rows in grouped.items()
    ]
