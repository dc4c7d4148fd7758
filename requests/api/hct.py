"""The API of the HCT decision: the same selectors, permissions and services as the pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cmcoord.models import User
from guidelines.selectors import guidelines_in_force

from .. import permissions
from ..models import Decision, HctReferral, HctResponse
from ..services import hct as decisions
from ..services import rfa as services
from .schema import ERROR, humanitarian_request
from .serializers.hct import (
    DecisionCreateSerializer,
    DecisionSerializer,
    ReferralCreateSerializer,
    ReferralSerializer,
    RequestIdSerializer,
    RespondSerializer,
    ResponseSerializer,
)


@extend_schema(tags=["hct"])
class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """HCT procedures (meeting or written) and their responses: the HCT and its secretariat only."""

    serializer_class = ReferralSerializer

    def get_queryset(self):
        requests = permissions.deliberation_requests(self.request.user)
        return (
            HctReferral.objects.filter(request__in=requests)
            .select_related("request")
            .prefetch_related(Prefetch("responses", queryset=HctResponse.objects.select_related("member")))
            .order_by("-opened_at", "-pk")
        )

    @extend_schema(
        summary="Put a request to the HCT (or open a new procedure after a deferral)",
        request=ReferralCreateSerializer,
        responses={201: ReferralSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
    )
    def create(self, request, *args, **kwargs):
        body = ReferralCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rfa = humanitarian_request(request.user, data["request"])
        proposal = {
            "outcome": data["proposed_outcome"],
            "conditions": data["proposed_conditions"],
            "valid_from": data["proposed_valid_from"],
            "valid_until": data["proposed_valid_until"],
            "text": data["proposal"],
            "direct_justification": data["direct_justification"],
        }
        services.refer_to_hct(
            rfa=rfa,
            actor=request.user,
            procedure=data["procedure"],
            deadline=data["deadline"],
            proposal=proposal,
            comment=data["comment"],
        )
        referral = self.get_queryset().filter(request=rfa).first()
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Agree or object to a written procedure (once, before the deadline)",
        request=RespondSerializer,
        responses={
            201: ResponseSerializer,
            400: ERROR,
            404: ERROR,
            409: OpenApiResponse(
                ERROR,
                description="deadline_passed, procedure_closed, already_responded or role_not_allowed",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        referral = self.get_object()
        body = RespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        response = decisions.hct_respond(
            referral=referral,
            actor=request.user,
            position=body.validated_data["position"],
            comment=body.validated_data["comment"],
        )
        return Response(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["hct"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("request", int, description="Only the decisions on this request (its id).")
        ]
    )
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Decisions on the requests you may see (superseded ones too); humanitarian users only."""

    serializer_class = DecisionSerializer

    def get_queryset(self):
        requests = permissions.visible_requests(self.request.user)
        qs = (
            Decision.objects.filter(request__in=requests)
            .select_related("decided_by", "on_behalf_of", "superseded_by")
            .prefetch_related("guidelines", "present")
            .order_by("-created_at", "-pk")
        )
        request_pk = self.request.query_params.get("request")
        return qs.filter(request_id=request_pk) if request_pk and request_pk.isdigit() else qs

    @extend_schema(
        summary="Record the HCT decision (the HC, or an officer on the HC's behalf)",
        request=DecisionCreateSerializer,
        responses={
            201: DecisionSerializer,
            400: ERROR,
            404: ERROR,
            409: OpenApiResponse(
                ERROR,
                description="decision_changed (the state or the decision in force is no longer what the HC "
                "saw), decision_unchanged (identical to the decision in force), not_allowed_in_state, "
                "role_not_allowed",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        # A request the user may not see is a 404 whatever the rest of the body says.
        target = RequestIdSerializer(data=request.data)
        target.is_valid(raise_exception=True)
        rfa = humanitarian_request(request.user, target.validated_data["request"])
        body = DecisionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        operation_users = User.objects.filter(memberships__operation=rfa.operation).distinct()
        # An unknown or out-of-scope id is a 400 naming its field, never dropped.
        errors = {}
        guidelines = list(guidelines_in_force(rfa.operation).filter(pk__in=data["guidelines"]))
        if len(guidelines) != len(set(data["guidelines"])):
            errors["guidelines"] = [
                _("Unknown guideline, or not in force for the operation (current versions).")
            ]
        present = list(operation_users.filter(pk__in=data["present"]))
        if len(present) != len(set(data["present"])):
            errors["present"] = [_("Unknown person, or not a member of the operation.")]
        on_behalf_of = None
        if data["on_behalf_of"] is not None:
            on_behalf_of = operation_users.filter(pk=data["on_behalf_of"]).first()
            if on_behalf_of is None:
                errors["on_behalf_of"] = [_("Unknown person, or not a member of the operation.")]
        if errors:
            raise serializers.ValidationError(errors)
        decision = decisions.decision_record(
            rfa=rfa,
            actor=request.user,
            outcome=data["outcome"],
            conditions=data["conditions"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            rationale=data["rationale"],
            guidelines=guidelines,
            on_behalf_of=on_behalf_of,
            present=present,
            expected_status=data["expected_status"],
            expected_decision=data["expected_decision"],
            direct_assistance_confirmed=data["direct_assistance_confirmed"],
        )
        return Response(DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data, status=201)
