"""Where domain apps plug into the core's pages without the core importing them.

Each app registers, in its AppConfig.ready(), its navigation links and the home-page panels that list what
waits for a user. A panel provider is called with (request, operation, role) and returns a Panel or None.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .exceptions import Text


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable  # (user, operation, role) -> bool


@dataclass
class Panel:
    title: str
    items: list = field(default_factory=list)  # each: {"label", "url", "meta"}
    empty_text: str = _("Nothing waits for you here.")
    more_url: str = ""
    order: int = 100


_nav: list[NavItem] = []
_panels: list[Callable] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _nav):
        _nav.append(item)
        _nav.sort(key=lambda i: i.order)


def register_panel(provider: Callable) -> None:
    if provider not in _panels:
        _panels.append(provider)


def nav_items(user, operation, role) -> list[NavItem]:
    return [item for item in _nav if role and item.visible(user, operation, role)]


def panels(request, operation, role) -> list[Panel]:
    found = [provider(request, operation, role) for provider in _panels]
    return sorted((p for p in found if p is not None), key=lambda p: p.order)


# Demo data: each app may add its part of the demo operation (called by `manage.py seed_demo`).
_demo_seeders: list[Callable] = []


def register_demo_seeder(seeder: Callable) -> None:
    """seeder(operation=Operation, users={username: User}, organizations={acronym: Organization})."""
    if seeder not in _demo_seeders:
        _demo_seeders.append(seeder)


def demo_seeders() -> list[Callable]:
    return list(_demo_seeders)


# Sections an app adds to another app's page, and what it does after that page's action, without the page's
# app importing it. A section provider is called with (request, obj) and returns a Section or None; an
# after-hook with (request, obj) once the page's own service succeeded.
@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)


_sections: dict[str, list[Callable]] = {}
_after_hooks: dict[str, list[Callable]] = {}


def register_section(page: str, provider: Callable) -> None:
    providers = _sections.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def sections(page: str, request, obj) -> list[Section]:
    found = [provider(request, obj) for provider in _sections.get(page, [])]
    return [s for s in found if s is not None]


def register_after(page: str, hook: Callable) -> None:
    hooks = _after_hooks.setdefault(page, [])
    if hook not in hooks:
        hooks.append(hook)


def run_after(page: str, request, obj) -> None:
    for hook in _after_hooks.get(page, []):
        hook(request, obj)


# Offline reading (the service worker): which pages may be kept on a device, and which ones to save ahead.
@dataclass(frozen=True)
class OfflinePage:
    url: str
    label: str


_offline_views: set[str] = set()
_offline_providers: list[Callable] = []


def register_offline(*, views: list[str], provider: Callable | None = None) -> None:
    """views: URL names whose GET pages the service worker may keep for their reader; provider(user,
    operation, role) -> list[OfflinePage]: the pages to save ahead for that reader (permissions applied)."""
    _offline_views.update(views)
    if provider is not None and provider not in _offline_providers:
        _offline_providers.append(provider)


def offline_views() -> frozenset[str]:
    return frozenset(_offline_views)


def offline_pages(user, operation, role) -> list[OfflinePage]:
    pages: list[OfflinePage] = []
    for provider in _offline_providers:
        pages.extend(provider(user, operation, role))
    return pages


# The names of the audit log's verbs (AuditEvent.verb, codes such as "request.put_to_hct") in the reader's
# language: each app registers the verbs it records, from a module of its own, in its AppConfig.ready(). A
# label is a short phrase that follows who did it ("put it to the HCT"), read in the record of an operation,
# a request's timeline and an asset's history. tests/operations/test_verb_labels.py finds every verb the code
# can record and fails on one without its label.
_verbs: dict[str, Text] = {}


def register_verbs(mapping: Mapping[str, Text]) -> None:
    for verb, label in mapping.items():
        existing = _verbs.get(verb)
        if existing is not None and existing is not label:
            raise ValueError(f"The verb {verb!r} already has a label: one app names each verb.")
        _verbs[verb] = label


def verb_label(verb: str) -> str:
    """The verb's name in the active language; the code itself for a verb no app names (an old one)."""
    label = _verbs.get(verb)
    return str(label) if label is not None else verb


def verb_labels() -> dict[str, Text]:
    return dict(_verbs)
