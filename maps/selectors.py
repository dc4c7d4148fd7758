"""Reads for the maps: what each user may see, as GeoJSON features and as the rows of the table beside a map.

Requests and tasks are read through requests' own permissions (visible_requests, visible_tasks); a task is
described only with the fields its force may see (requests.permissions.FORCE_VISIBLE).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from requests.models import ACTIVE_TASK_STATES, AssistanceRequest, RequestLeg, Task
from requests.permissions import FORCE_VISIBLE, visible_requests, visible_tasks

from .models import MapLayer, Place
from .permissions import sees_requests

# What a task's feature says about its request: a summary, and never a field outside the one list of what a
# force may see (requests.permissions.FORCE_VISIBLE), whatever is added here.
TASK_SUMMARY = (
    "reference",
    "title",
    "capability",
    "priority",
    "required_by",
    "latest_acceptable",
    "passengers",
    "cargo_weight_kg",
    "dangerous_goods",
)
TASK_REQUEST_FIELDS = [f for f in FORCE_VISIBLE[AssistanceRequest] if f in TASK_SUMMARY]
LEG_FIELDS = list(FORCE_VISIBLE[RequestLeg])
REQUEST_STATUSES = AssistanceRequest.Status
PRIORITIES = AssistanceRequest.Priority


@dataclass
class MapFilter:
    """What the operation map shows: request statuses and priorities (empty: all), requests and/or tasks."""

    statuses: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    show_requests: bool = True
    show_tasks: bool = True

    @classmethod
    def from_query(cls, query) -> "MapFilter":
        """Read ?status=…&priority=…&show=requests|tasks, ignoring values that are not choices."""
        show = set(query.getlist("show")) & {"requests", "tasks"}
        return cls(
            statuses=[s for s in query.getlist("status") if s in REQUEST_STATUSES.values],
            priorities=[p for p in query.getlist("priority") if p in PRIORITIES.values],
            show_requests=not show or "requests" in show,
            show_tasks=not show or "tasks" in show,
        )


@dataclass
class MapData:
    """The requests and tasks one map shows (each request with its legs prefetched in order, `leg_list`), and
    their GeoJSON."""

    requests: list = field(default_factory=list)
    tasks: list = field(default_factory=list)

    def geojson(self) -> dict:
        # Tasks first: a map draws them under the requests (a wider line, like a halo), so a click on a leg
        # humanitarian users see opens its request; a force sees only tasks.
        features = [f for task in self.tasks for f in task_features(task, task.request.leg_list)]
        features += [f for rfa in self.requests for f in request_features(rfa, rfa.leg_list)]
        return {"type": "FeatureCollection", "features": features}


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _leg_feature(leg, properties: dict) -> dict:
    props = {
        **properties,
        "name": f"{properties['reference']} · {leg.from_name} → {leg.to_name}",
        **{f"leg_{f}": _plain(getattr(leg, f)) for f in LEG_FIELDS},
    }
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {
            "type": "LineString",
            "coordinates": [
                [float(leg.from_lon), float(leg.from_lat)],
                [float(leg.to_lon), float(leg.to_lat)],
            ],
        },
    }


def request_features(rfa: AssistanceRequest, legs) -> list[dict]:
    """One LineString per leg of a request (for users who may see the request)."""
    properties = {
        "kind": "request",
        "id": rfa.pk,
        "url": rfa.get_absolute_url(),
        "reference": rfa.reference,
        "title": rfa.title,
        "status": rfa.status,
        "status_label": str(rfa.get_status_display()),
        "priority": rfa.priority,
        "priority_label": str(rfa.get_priority_display()),
        "organization": rfa.organization.short_name,
    }
    return [_leg_feature(leg, properties) for leg in legs]


def task_features(task: Task, legs) -> list[dict]:
    """One LineString per leg of a task's request, with only what its force may see."""
    rfa = task.request
    properties = {
        "kind": "task",
        "id": task.pk,
        "url": reverse("requests:task_detail", args=[task.pk]),
        "task_status": task.status,
        "task_status_label": str(task.get_status_display()),
        "force": task.force.short_name,
        **{f: _plain(getattr(rfa, f)) for f in TASK_REQUEST_FIELDS},
    }
    if "priority" in properties:
        properties["priority_label"] = str(rfa.get_priority_display())
    if "capability" in properties:
        properties["capability_label"] = str(rfa.get_capability_display())
    return [_leg_feature(leg, properties) for leg in legs]


LEGS_IN_ORDER = Prefetch("legs", queryset=RequestLeg.objects.order_by("order"), to_attr="leg_list")


def map_data(user, operation, map_filter: MapFilter | None = None) -> MapData:
    """What the operation map shows the user (a constant number of queries): the requests they may see
    (humanitarian users), filtered, and the running tasks they may see (a force: only its own)."""
    map_filter = map_filter or MapFilter()
    data = MapData()
    if map_filter.show_requests and sees_requests(user, operation):
        requests = visible_requests(user, operation).select_related("organization")
        if map_filter.statuses:
            requests = requests.filter(status__in=map_filter.statuses)
        if map_filter.priorities:
            requests = requests.filter(priority__in=map_filter.priorities)
        data.requests = list(requests.prefetch_related(LEGS_IN_ORDER).order_by("-created_at", "-pk"))
    if map_filter.show_tasks:
        tasks = visible_tasks(user, operation).filter(status__in=ACTIVE_TASK_STATES)
        if map_filter.priorities:
            tasks = tasks.filter(request__priority__in=map_filter.priorities)
        data.tasks = list(
            tasks.select_related("request", "force")
            .prefetch_related(
                Prefetch("request__legs", queryset=RequestLeg.objects.order_by("order"), to_attr="leg_list")
            )
            .order_by("-tasked_at", "-pk")
        )
    return data


def request_map_data(rfa: AssistanceRequest, legs) -> dict:
    """The GeoJSON of one request the caller has shown the user (its page)."""
    return {"type": "FeatureCollection", "features": request_features(rfa, legs)}


def task_map_data(task: Task, legs) -> dict:
    """The GeoJSON of one task the caller has shown the user (its page), with only what its force may see."""
    return {"type": "FeatureCollection", "features": task_features(task, legs)}


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    lat: Decimal
    lon: Decimal
    kind: str
    kind_label: str
    added: bool  # added by an officer (else: used before in a leg the user may see)


def gazetteer_for(user, operation) -> list[GazetteerEntry]:
    """The operation's named places: those officers added, and the ends of the legs of the requests the user
    may see (used before), one per name, in alphabetical order (two queries)."""
    entries: dict[str, GazetteerEntry] = {}
    for place in Place.objects.filter(operation=operation):
        entries[place.name.casefold()] = GazetteerEntry(
            place.name, place.lat, place.lon, place.kind, str(place.get_kind_display()), True
        )
    if sees_requests(user, operation):
        legs = RequestLeg.objects.filter(request__in=visible_requests(user, operation)).order_by("-pk")
        for row in legs.values_list("from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"):
            for name, lat, lon in (row[:3], row[3:]):
                key = name.strip().casefold()
                if key and key not in entries:
                    entries[key] = GazetteerEntry(name.strip(), lat, lon, "", _("Used in a request"), False)
    return sorted(entries.values(), key=lambda e: e.name.casefold())


def places_of(operation) -> QuerySet[Place]:
    """The places officers added to the operation's gazetteer."""
    return Place.objects.filter(operation=operation).select_related("created_by")


def layers_for(operation) -> QuerySet[MapLayer]:
    """The operation's shown layers, without their geometry (the map fetches each one)."""
    return (
        MapLayer.objects.shown()
        .filter(operation=operation)
        .defer("geojson")
        .select_related("uploaded_by")
        .order_by("kind", "name", "pk")
    )
