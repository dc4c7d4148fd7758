"""The requests API: the same selectors, permissions and services as the pages."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cmcoord.api.pagination import EstimatedCountPagination
from cmcoord.api.renderers import FileRenderer
from cmcoord.exceptions import DomainError
from cmcoord.permissions import get_operation_for_user
from guidelines.selectors import criteria_for_operation

from .. import lifecycle, permissions, selectors
from ..filters import RequestFilter
from ..forms.rfa import AttachmentForm
from ..services import rfa as services
from .schema import ERROR
from .serializers.rfa import (
    ActionSerializer,
    AnswerInputSerializer,
    AssessmentRowSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CommentSerializer,
    EventSerializer,
    RequestCreateSerializer,
    RequestListSerializer,
    RequestSerializer,
)

LEG_EXAMPLE = {
    "from_name": "Beira airport",
    "from_lat": "-19.79639",
    "from_lon": "34.90778",
    "to_name": "Buzi district HQ",
    "to_lat": "-19.87333",
    "to_lon": "34.62083",
}
CREATE_EXAMPLE = OpenApiExample(
    "Airlift of food",
    request_only=True,
    value={
        "operation": 1,
        "title": "Airlift of high-energy biscuits to Buzi",
        "capability": "air_transport",
        "assistance_type": "indirect",
        "description": "Buzi is cut off by floodwater; 12 t of biscuits must reach 15,000 people.",
        "required_by": "2026-03-20",
        "latest_acceptable": "2026-03-23",
        "passengers": 2,
        "cargo_description": "High-energy biscuits, 24 pallets",
        "cargo_weight_kg": "12000.0",
        "cargo_volume_m3": "36.00",
        "priority": "life_saving",
        "legs": [LEG_EXAMPLE],
    },
)
INVALID_EXAMPLE = OpenApiExample(
    "Impossible dates",
    response_only=True,
    status_codes=["400"],
    value={
        "code": "invalid",
        "detail": "The input is not valid.",
        "fields": {
            "latest_acceptable": ["The latest acceptable date cannot be before the required-by date."]
        },
    },
)
REFUSED_EXAMPLES = [
    OpenApiExample(
        "Not a step from this state",
        response_only=True,
        status_codes=["409"],
        value={
            "code": "not_allowed_in_state",
            "detail": "A request that is draft cannot be “put to the hct”: it is not a step from this state.",
            "fields": {},
        },
    ),
    OpenApiExample(
        "Someone acted first",
        response_only=True,
        status_codes=["409"],
        value={
            "code": "concurrent_change",
            "detail": "Someone else changed this request meanwhile: it is now under review. "
            "Nothing was done; look again and retry.",
            "fields": {},
        },
    ),
]


class RequestFilterBackend(DjangoFilterBackend):
    """The request list's filters; a search on PostgreSQL reads the copies of the requests and only the page's
    requests (selectors.listed_requests), paged in one pass (cmcoord.api.pagination)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return selectors.listed_requests(request.user, None, filterset)


class ApiRequestFilter(RequestFilter):
    operation = django_filters.NumberFilter(field_name="operation", help_text=_("An operation's id."))

    class Meta(RequestFilter.Meta):
        fields = [*RequestFilter.Meta.fields, "operation"]


def _lifecycle_action(name: str):
    spec = lifecycle.ACTIONS[name]

    def view(self, request, pk=None):
        rfa = self.get_object()
        body = ActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.request_act(
            action=name,
            rfa=rfa,
            actor=request.user,
            comment=body.validated_data["comment"],
            expected_status=body.validated_data.get("expected_status"),
            reason=body.validated_data["reason"],
        )
        rfa = permissions.get_request_for_user(request.user, rfa.pk)
        return Response(RequestSerializer(rfa, context={"request": request}).data)

    view.__name__ = name
    view.__doc__ = f"{spec.label}." + (
        f" A {spec.comment_label.lower()} is required." if spec.comment_required else ""
    )
    view = action(detail=True, methods=["post"], url_path=name)(view)
    return extend_schema(
        summary=f"{spec.label} (lifecycle action “{name}”)",
        request=ActionSerializer,
        responses={
            200: RequestSerializer,
            400: ERROR,
            404: OpenApiResponse(ERROR, description="No such request, or you may not see it."),
            409: OpenApiResponse(ERROR, description="Refused by the lifecycle: nothing changed."),
        },
        examples=[
            OpenApiExample(
                "With a comment", request_only=True, value={"comment": "", "expected_status": "submitted"}
            ),
            *REFUSED_EXAMPLES,
        ],
        tags=["requests"],
    )(view)


@extend_schema(tags=["requests"])
class RequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests for MCDA that you may see. Military users see none (they see tasks)."""

    filterset_class = ApiRequestFilter
    filter_backends = [RequestFilterBackend]
    pagination_class = EstimatedCountPagination

    def get_queryset(self):
        return selectors.requests_for_user(self.request.user, None)

    def get_serializer_class(self):
        return RequestListSerializer if self.action == "list" else RequestSerializer

    # The assessment's answers are a list at the top of the body (cmcoord.api.parsers).
    json_list_actions = ("assessment",)

    def get_object(self):
        rfa = permissions.get_request_for_user(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, rfa)
        return rfa

    @extend_schema(
        summary="Log a new request (a draft)",
        request=RequestCreateSerializer,
        responses={201: RequestSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
        examples=[CREATE_EXAMPLE, INVALID_EXAMPLE],
    )
    def create(self, request, *args, **kwargs):
        operation = get_operation_for_user(request.user, request.data.get("operation"))
        if not permissions.can_create(request.user, operation):
            raise PermissionDenied(_("Your role cannot create requests."))
        serializer = RequestCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("operation")
        legs = [dict(leg) for leg in data.pop("legs")]
        org_id = data.pop("organization_id", None) or request.user.organization_id
        organization = permissions.organizations_for_create(request.user, operation).filter(pk=org_id).first()
        if organization is None:
            raise serializers.ValidationError(
                {"organization_id": [_("You cannot request for this organisation.")]}
            )
        rfa = services.request_create(
            operation=operation, actor=request.user, organization=organization, data=data, legs=legs
        )
        rfa = permissions.get_request_for_user(request.user, rfa.pk)
        return Response(
            RequestSerializer(rfa, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Change a draft or returned request (legs, when given, replace the old ones)",
        responses={200: RequestSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
        examples=[INVALID_EXAMPLE],
    )
    def update(self, request, *args, **kwargs):
        rfa = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = RequestSerializer(rfa, data=request.data, partial=partial, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("organization_id", None)
        legs = data.pop("legs", None)
        services.request_update(
            rfa=rfa,
            actor=request.user,
            data=data,
            legs=[dict(leg) for leg in legs] if legs is not None else None,
        )
        rfa = permissions.get_request_for_user(request.user, rfa.pk)
        return Response(RequestSerializer(rfa, context={"request": request}).data)

    submit = _lifecycle_action("submit")
    start_review = _lifecycle_action("start_review")
    return_to_requester = _lifecycle_action("return_to_requester")
    put_to_hct = _lifecycle_action("put_to_hct")
    withdraw = _lifecycle_action("withdraw")
    cancel = _lifecycle_action("cancel")

    @extend_schema(
        summary="Copy as new: a new draft with the same facts and legs (not the assessment or attachments)",
        request=None,
        responses={
            201: RequestSerializer,
            404: ERROR,
            409: OpenApiResponse(ERROR, description="role_not_allowed, operation_closed"),
        },
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        copy = services.request_copy(rfa=self.get_object(), actor=request.user)
        rfa = permissions.get_request_for_user(request.user, copy.pk)
        return Response(
            RequestSerializer(rfa, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        summary="The request's attachments",
        request=None,
        responses={200: AttachmentSerializer(many=True), 404: ERROR},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Attach a file (multipart; checked for size and type as on the page)",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            400: OpenApiResponse(ERROR, description="The file is too large, or not of an accepted type."),
            404: ERROR,
            409: OpenApiResponse(ERROR, description="not_editable, operation_closed"),
        },
        filters=False,
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        rfa = self.get_object()
        if request.method == "POST":
            # The page's form: the model's validation of size and type (content included).
            form = AttachmentForm(data={}, files=request.FILES)
            if not form.is_valid():
                raise serializers.ValidationError({name: list(e) for name, e in form.errors.items()})
            with transaction.atomic():
                attachment = services.attachment_add(
                    rfa=rfa, actor=request.user, file=form.cleaned_data["file"]
                )
            return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        return Response(AttachmentSerializer(rfa.attachments.order_by("uploaded_at", "pk"), many=True).data)

    @extend_schema(
        summary="Download an attachment (the file itself)",
        responses={(200, "*/*"): OpenApiTypes.BINARY, 404: ERROR},
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="attachments/<id:attachment_pk>",
        url_name="attachment",
        renderer_classes=[JSONRenderer, FileRenderer],
    )
    def attachment(self, request, pk=None, attachment_pk=None):
        attachment = permissions.get_attachment_for_user(request.user, pk, attachment_pk)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)

    @extend_schema(
        summary="The request's timeline: every recorded move",
        responses={200: EventSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk=None):
        rfa = self.get_object()
        return Response(EventSerializer(selectors.timeline_for(request.user, rfa), many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="Internal comments (humanitarian users only)",
        responses={200: CommentSerializer(many=True)},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Add an internal comment",
        request=CommentSerializer,
        responses={201: CommentSerializer, 404: ERROR, 409: ERROR},
        filters=False,
        examples=[
            OpenApiExample("A comment", request_only=True, value={"text": "Cluster confirms the need."})
        ],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, pk=None):
        rfa = self.get_object()
        if not permissions.can_read_comments(request.user, rfa):
            raise Http404("No such request.")
        if request.method == "POST":
            if not permissions.can_comment(request.user, rfa):
                # A role that may see the request but not act on it: 409 role_not_allowed, as for every
                # action (README, "The API").
                raise DomainError(
                    _("Your role does not allow commenting on this request."), code="role_not_allowed"
                )
            body = CommentSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            comment = services.comment_add(rfa=rfa, actor=request.user, text=body.validated_data["text"])
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        return Response(CommentSerializer(selectors.comments_for(rfa), many=True).data)

    @extend_schema(
        summary="The last-resort assessment; POST records answers",
        request=AnswerInputSerializer(many=True),
        responses={200: AssessmentRowSerializer(many=True), 400: ERROR, 404: ERROR, 409: ERROR},
        filters=False,
        examples=[
            OpenApiExample(
                "One answer",
                request_only=True,
                value=[{"criterion_version": 1, "answer": "met", "justification": "No civilian helicopter."}],
            )
        ],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def assessment(self, request, pk=None):
        rfa = self.get_object()
        if request.method == "POST":
            # A reader who may not answer is refused whatever the body (409, as every action).
            if not permissions.can_assess(request.user, rfa):
                raise DomainError(
                    _("You cannot change the assessment of this request now (its status is “%(status)s”).")
                    % {"status": rfa.get_status_display()},
                    code="not_assessable",
                )
            body = AnswerInputSerializer(data=request.data, many=True)
            body.is_valid(raise_exception=True)
            codes = {v.criterion.code for v in criteria_for_operation(rfa.operation)}
            for item in body.validated_data:
                if item["criterion_version"].criterion.code not in codes:
                    raise serializers.ValidationError(
                        {"criterion_version": [_("That criterion is not in force for this operation.")]}
                    )
            services.assessment_save(rfa=rfa, actor=request.user, answers=list(body.validated_data))
        return Response(AssessmentRowSerializer(selectors.assessment_rows(rfa), many=True).data)
