"""Filters, search and sorting of the request list: one FilterSet for the page, the exports and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cmcoord.models import Organization
from cmcoord.widgets import fast_selects

from .models import (
    AssistanceRequest,
    AssistanceType,
    Decision,
    DecisionOutcome,
    HctReferral,
    Task,
    TaskStatus,
)
from .search import search_requests

SORTS = {
    "-created": ("-created_at", "-pk"),
    "created": ("created_at", "pk"),
    "required_by": ("required_by", "pk"),
    "-required_by": ("-required_by", "-pk"),
    "priority": ("priority_rank", "required_by", "pk"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "status": ("status", "-created_at", "pk"),
}
SORT_CHOICES = [
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("required_by", _("Required soonest")),
    ("-required_by", _("Required latest")),
    ("priority", _("Most urgent")),
    ("reference", _("Reference")),
    ("status", _("Status")),
]


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_(
            "Reference, title, description or place. Unless you choose a sort, requests with every word in "
            "their reference or title come first, then those with them in their places, then the rest; "
            "newest first within each."
        ),
    )
    # No DISTINCT: a status is a column of the row (no join to repeat it); DISTINCT would sort every row.
    status = django_filters.MultipleChoiceFilter(
        choices=AssistanceRequest.Status.choices,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        distinct=False,
    )
    capability = django_filters.ChoiceFilter(
        choices=AssistanceRequest.Capability.choices, empty_label=_("Any")
    )
    assistance_type = django_filters.ChoiceFilter(
        choices=AssistanceType.choices, empty_label=_("Any"), label=_("Assistance type")
    )
    priority = django_filters.ChoiceFilter(choices=AssistanceRequest.Priority.choices, empty_label=_("Any"))
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.humanitarian(), label=_("Organisation"), empty_label=_("Any")
    )
    required_from = django_filters.DateFilter(
        field_name="required_by",
        lookup_expr="gte",
        label=_("Required from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    required_until = django_filters.DateFilter(
        field_name="required_by",
        lookup_expr="lte",
        label=_("Required until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        # Unchosen: a search's best matches first (search.rank_of), newest first among equals.
        choices=SORT_CHOICES,
        method="order",
        label=_("Sort by"),
        empty_label=_("Best match, then newest"),
    )

    class Meta:
        model = AssistanceRequest
        fields = [
            "q",
            "status",
            "capability",
            "assistance_type",
            "priority",
            "organization",
            "required_from",
            "required_until",
        ]

    def __init__(self, *args, operation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operation is not None:
            self.filters["organization"].queryset = operation.organizations.humanitarian().order_by("name")

    def get_form_class(self):
        # Its nine filters on top of every list page: selects written in Python (cmcoord.widgets).
        return fast_selects(super().get_form_class())

    # A search of the copies (rows_of): the words only (False), or the places that look like the value only
    # (True); None (the filterset's own queryset) lets the search decide (requests.search).
    misspelt: bool | None = None
    searching = True

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.searching:
            return queryset
        return search_requests(queryset, value, misspelt=self.misspelt)

    def order(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["-created"]))

    @property
    def qs(self):
        return self._ordered(super().qs)

    def rows_of(self, queryset, *, misspelt: bool = False, searched: bool = True):
        """The rows of `queryset`, another model with the request's column names (the search's copies:
        selectors.listed_requests), that this bound filterset's valid filters choose, in its order: its form
        is validated once for both tables. `misspelt`: the words (False) or the places like them (True);
        `searched=False`: every filter but the search, newest first."""
        self.errors  # noqa: B018 (validates the form once: filter_queryset reads its cleaned_data)
        self.misspelt, self.searching = misspelt, searched
        try:
            rows = self.filter_queryset(queryset.all())
            return self._ordered(rows) if searched else rows.order_by(*SORTS["-created"])
        finally:
            self.misspelt, self.searching = None, True

    def _ordered(self, queryset):
        if not self.form.is_bound or not self.form.cleaned_data.get("sort"):
            # A search without a chosen sort: the best match first (search.search_requests ranks).
            searched = self.form.is_bound and (self.form.cleaned_data.get("q") or "").strip()
            queryset = queryset.order_by(
                *(("-search_rank", *SORTS["-created"]) if searched else SORTS["-created"])
            )
        return queryset


class HctReferralFilter(django_filters.FilterSet):
    """The HCT procedures page (/requests/hct/): the HC filters by procedure and state; a member's list holds
    open written procedures only, so it is searched only."""

    q = django_filters.CharFilter(method="search", label=_("Search"), help_text=_("Reference or title."))
    procedure = django_filters.ChoiceFilter(
        choices=HctReferral.Procedure.choices, empty_label=_("Any"), label=_("Procedure")
    )
    state = django_filters.ChoiceFilter(
        choices=[
            (HctReferral.State.OPEN, HctReferral.State.OPEN.label),
            (HctReferral.State.OBJECTED, HctReferral.State.OBJECTED.label),
        ],
        empty_label=_("Any"),
        label=_("State"),
    )

    class Meta:
        model = HctReferral
        fields = ["q", "procedure", "state"]

    def __init__(self, *args, for_hc: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_hc:
            del self.filters["procedure"]
            del self.filters["state"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(request__reference__icontains=value) | Q(request__title__icontains=value))


class ReferralFilter(django_filters.FilterSet):
    """The filters of the HCT procedures' list (API): the user's visible requests are the queryset already."""

    request = django_filters.NumberFilter(field_name="request", help_text=_("A request's id."))
    procedure = django_filters.ChoiceFilter(choices=HctReferral.Procedure.choices)
    state = django_filters.ChoiceFilter(choices=HctReferral.State.choices)

    class Meta:
        model = HctReferral
        fields = ["request", "procedure", "state"]


class DecisionFilter(django_filters.FilterSet):
    """The filters of the decisions' list (API)."""

    request = django_filters.NumberFilter(field_name="request", help_text=_("A request's id."))
    outcome = django_filters.ChoiceFilter(choices=DecisionOutcome.choices)

    class Meta:
        model = Decision
        fields = ["request", "outcome"]


class TaskFilter(django_filters.FilterSet):
    """The filters of the tasks' list (API)."""

    request = django_filters.NumberFilter(field_name="request", help_text=_("A request's id."))
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)

    class Meta:
        model = Task
        fields = ["request", "status"]
