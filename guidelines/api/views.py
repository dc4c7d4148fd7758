from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import selectors
from ..forms import LibraryFilterForm
from ..permissions import get_guideline_for_user
from .serializers import GuidelineDetailSerializer, GuidelineSerializer

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description=_("Full-text search over titles, summaries and criteria.")),
    OpenApiParameter("scope", str, enum=["global", "regional", "country"]),
    OpenApiParameter("context", str, enum=["natural_disaster", "complex_emergency"]),
    OpenApiParameter("issuer", str),
    OpenApiParameter("superseded", bool, description=_("Include superseded versions.")),
]


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class GuidelineViewSet(viewsets.ReadOnlyModelViewSet):
    """The guidelines library: what the user may read (military users: public guidelines only; a country
    guideline: members of its operation only). Any other guideline is 404."""

    serializer_class = GuidelineSerializer
    filter_backends: list = []

    def get_queryset(self):
        form = LibraryFilterForm(self.request.query_params, issuers=selectors.issuers(self.request.user))
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        self.filters = form.filters()
        return selectors.library(self.request.user, **self.filters)

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        marked = selectors.snippets(page, self.filters["q"]) if self.filters["q"] else {}
        serializer = self.get_serializer(
            page, many=True, context={**self.get_serializer_context(), "snippets": marked}
        )
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        guideline = get_guideline_for_user(request.user, kwargs["pk"])
        context = {
            **self.get_serializer_context(),
            "criteria": selectors.criteria_with_history(guideline),
            "versions": selectors.version_history(request.user, guideline),
        }
        return Response(GuidelineDetailSerializer(guideline, context=context).data)

    def get_serializer_class(self):
        return GuidelineDetailSerializer if self.action == "retrieve" else GuidelineSerializer
