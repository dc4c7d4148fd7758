"""The guidelines API: the library (read), and its management with the pages' permissions, forms, services.

Country guidelines and which guidelines are in force: the operation's CMCoord officers. New versions and
criteria: whoever publishes the guideline's versions (country: its officers; global and regional: operations
managers and staff). Anyone else gets 404; a refused write a 4xx with a code, and nothing changed.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cmcoord.api.parsers import StrictJSONParser
from cmcoord.api.schema import ERROR
from cmcoord.permissions import get_operation_for_user

from .. import selectors, services
from ..forms import CountryGuidelineForm, LibraryFilterForm, PublishVersionForm
from ..models import Criterion, CriterionVersion, Guideline
from ..permissions import (
    can_publish_version,
    get_criterion_to_write,
    get_guideline_for_user,
    get_guideline_to_write,
    get_operation_to_manage,
    visible_guidelines,
)
from .serializers import (
    CountryGuidelineCreateSerializer,
    CriterionCreateSerializer,
    CriterionDetailSerializer,
    CriterionRewordSerializer,
    GuidelineDetailSerializer,
    GuidelineSerializer,
    InForceSerializer,
    OperationRefSerializer,
    PublishVersionSerializer,
)

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description=_("Full-text search over titles, summaries and criteria.")),
    OpenApiParameter("scope", str, enum=["global", "regional", "country"]),
    OpenApiParameter("context", str, enum=["natural_disaster", "complex_emergency"]),
    OpenApiParameter("issuer", str),
    OpenApiParameter("superseded", bool, description=_("Include superseded versions.")),
]
NOT_FOUND = OpenApiResponse(ERROR, description="No such object, or not yours to manage.")


def _form_errors(form) -> ValidationError:
    return ValidationError(
        {
            ("non_field_errors" if name == "__all__" else name): list(errors)
            for name, errors in form.errors.items()
        }
    )


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class GuidelineViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The guidelines library: what the user may read (military users: public guidelines only; a country
    guideline: members of its operation only). Any other guideline is 404."""

    serializer_class = GuidelineSerializer
    filter_backends: list = []
    parser_classes = [StrictJSONParser]  # JSON bodies only

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

    def _detail(self, guideline: Guideline, code=status.HTTP_200_OK) -> Response:
        context = {
            **self.get_serializer_context(),
            "criteria": selectors.criteria_with_history(guideline),
            "versions": selectors.version_history(self.request.user, guideline),
        }
        return Response(GuidelineDetailSerializer(guideline, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(get_guideline_for_user(request.user, kwargs["pk"]))

    def get_serializer_class(self):
        return GuidelineDetailSerializer if self.action == "retrieve" else GuidelineSerializer

    @extend_schema(
        summary="Add a country guideline to an operation (its CMCoord officers)",
        request=CountryGuidelineCreateSerializer,
        responses={
            201: GuidelineDetailSerializer,
            400: ERROR,
            404: NOT_FOUND,
            409: OpenApiResponse(ERROR, description="operation_closed, context_mismatch"),
        },
    )
    def create(self, request, *args, **kwargs):
        target = OperationRefSerializer(data=request.data)
        target.is_valid(raise_exception=True)
        operation = get_operation_to_manage(request.user, target.validated_data["operation"])
        body = CountryGuidelineCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # The page's form: its rules (the context of the operation, a document or a link).
        form = CountryGuidelineForm(data=body.validated_data, operation=operation)
        if not form.is_valid():
            raise _form_errors(form)
        guideline = services.country_guideline_add(
            operation=operation, actor=request.user, **form.service_kwargs()
        )
        return self._detail(guideline, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Publish a new version that supersedes this one, with its criteria",
        description="Country guidelines: the operation's CMCoord officers. Global and regional guidelines: "
        "operations managers (and staff). The criteria are carried over in their current wording.",
        request=PublishVersionSerializer,
        responses={
            201: GuidelineDetailSerializer,
            400: ERROR,
            404: NOT_FOUND,
            409: OpenApiResponse(ERROR, description="superseded, operation_closed"),
        },
    )
    @action(detail=True, methods=["post"], url_path="publish-version")
    def publish_version(self, request, pk=None):
        guideline = get_guideline_for_user(request.user, pk)
        if not can_publish_version(request.user, guideline):
            raise Http404("No such guideline.")
        body = PublishVersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = PublishVersionForm(data=body.validated_data, guideline=guideline)
        if not form.is_valid():
            raise _form_errors(form)
        new = services.guideline_publish_version(guideline=guideline, actor=request.user, **form.cleaned_data)
        return self._detail(new, status.HTTP_201_CREATED)

    def _in_force(self, operation) -> Response:
        data = {"operation": operation.pk, "guidelines": list(selectors.guidelines_in_force(operation))}
        return Response(InForceSerializer(data).data)

    @extend_schema(
        summary="The guidelines in force for an operation (its CMCoord officers)",
        parameters=[OpenApiParameter("operation", int, required=True)],
        responses={200: InForceSerializer, 400: ERROR, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], url_path="in-force")
    def in_force(self, request):
        target = OperationRefSerializer(data=request.query_params)
        target.is_valid(raise_exception=True)
        return self._in_force(get_operation_to_manage(request.user, target.validated_data["operation"]))

    def _toggle(self, request, pk, *, mark: bool) -> Response:
        target = OperationRefSerializer(data=request.data)
        target.is_valid(raise_exception=True)
        operation = get_operation_to_manage(request.user, target.validated_data["operation"])
        guideline = get_guideline_for_user(request.user, pk)
        if mark:
            services.guideline_mark_in_force(operation=operation, guideline=guideline, actor=request.user)
        else:
            services.guideline_unmark_in_force(operation=operation, guideline=guideline, actor=request.user)
        return self._in_force(operation)

    @extend_schema(
        summary="Put a guideline in force for an operation: its criteria join the assessments from now on",
        request=OperationRefSerializer,
        responses={
            200: InForceSerializer,
            400: ERROR,
            404: NOT_FOUND,
            409: OpenApiResponse(ERROR, description="superseded, other_operation, context_mismatch"),
        },
    )
    @action(detail=True, methods=["post"], url_path="in-force")
    def mark_in_force(self, request, pk=None):
        return self._toggle(request, pk, mark=True)

    @extend_schema(
        summary="Take a guideline out of force for an operation",
        request=OperationRefSerializer,
        responses={
            200: InForceSerializer,
            400: ERROR,
            404: NOT_FOUND,
            409: OpenApiResponse(ERROR, description="not_in_force, last_guideline_in_force"),
        },
    )
    @action(detail=True, methods=["post"], url_path="out-of-force")
    def unmark_in_force(self, request, pk=None):
        return self._toggle(request, pk, mark=False)


CRITERIA_PARAMETERS = [
    OpenApiParameter("guideline", int, description=_("The criteria of this guideline.")),
    OpenApiParameter(
        "operation", int, description=_("The criteria the operation's last-resort assessment asks today.")
    ),
]


@extend_schema(tags=["guidelines"])
@extend_schema_view(
    list=extend_schema(
        parameters=CRITERIA_PARAMETERS,
        responses={200: CriterionDetailSerializer(many=True), 400: ERROR, 404: ERROR},
    ),
    retrieve=extend_schema(responses={200: CriterionDetailSerializer, 404: ERROR}),
)
class CriterionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The criteria of the guidelines you may read, every wording kept. Whoever publishes a guideline's
    versions adds and rewords its criteria; a rewording is the criterion's next version, and assessments keep
    the version they answered."""

    serializer_class = CriterionDetailSerializer
    filter_backends: list = []
    parser_classes = [StrictJSONParser]

    def _base(self):
        return Criterion.objects.select_related("current").prefetch_related(
            Prefetch("versions", queryset=CriterionVersion.objects.order_by("-version"))
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Criterion.objects.none()
        user = self.request.user
        params = self.request.query_params
        if params.get("guideline"):
            guideline = get_guideline_for_user(user, params["guideline"])
            return self._base().filter(guideline=guideline).order_by("order", "number", "pk")
        if params.get("operation"):
            operation = get_operation_for_user(user, params["operation"])
            versions = selectors.criteria_for_operation(operation)
            readable = set(
                visible_guidelines(user)
                .filter(pk__in={v.criterion.guideline_id for v in versions})
                .values_list("pk", flat=True)
            )
            ids = [v.criterion_id for v in versions if v.criterion.guideline_id in readable]
            return self._base().filter(pk__in=ids).order_by("order", "code", "pk")
        raise serializers.ValidationError(
            {
                "guideline": [_("Give a guideline or an operation.")],
                "operation": [_("Give a guideline or an operation.")],
            }
        )

    def get_object(self):
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError):
            raise Http404("No such criterion.") from None
        criterion = self._base().filter(pk=pk, guideline__in=visible_guidelines(self.request.user)).first()
        if criterion is None:
            raise Http404("No such criterion.")
        return criterion

    def _written(self, criterion: Criterion, code=status.HTTP_200_OK) -> Response:
        return Response(CriterionDetailSerializer(self._base().get(pk=criterion.pk)).data, status=code)

    @extend_schema(
        summary="Add a criterion to the current version of a guideline",
        request=CriterionCreateSerializer,
        responses={
            201: CriterionDetailSerializer,
            400: OpenApiResponse(ERROR, description="Invalid, or a code the guideline already has."),
            404: NOT_FOUND,
            409: OpenApiResponse(ERROR, description="superseded, operation_closed"),
        },
    )
    def create(self, request, *args, **kwargs):
        body = CriterionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        guideline = get_guideline_to_write(request.user, body.validated_data["guideline"])
        data = dict(body.validated_data)
        data.pop("guideline")
        criterion = services.criterion_add(guideline=guideline, actor=request.user, **data)
        return self._written(criterion, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reword a criterion: its next version (assessments keep the one they answered)",
        request=CriterionRewordSerializer,
        responses={
            200: CriterionDetailSerializer,
            400: ERROR,
            404: NOT_FOUND,
            409: OpenApiResponse(ERROR, description="unchanged, superseded, operation_closed"),
        },
    )
    @action(detail=True, methods=["post"])
    def reword(self, request, pk=None):
        criterion = get_criterion_to_write(request.user, pk)
        body = CriterionRewordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.criterion_reword(criterion=criterion, actor=request.user, **body.validated_data)
        return self._written(criterion)
