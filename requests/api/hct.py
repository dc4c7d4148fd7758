"""The API of the HCT decision and of the tasks: the same selectors, permissions and services as the pages."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cmcoord.models import Organization, User
from guidelines.models import Guideline

from .. import decisions, permissions, selectors, services, tasking
from ..models import Decision, HctReferral, HctResponse
from .military import (
    MilitaryTaskSerializer,
    TaskAcceptSerializer,
    TaskCompleteSerializer,
    TaskCreateSerializer,
    TaskDeclineSerializer,
    TaskProgressSerializer,
)
from .views import ERROR


class ResponseSerializer(serializers.ModelSerializer):
    member = serializers.StringRelatedField()

    class Meta:
        model = HctResponse
        fields = ["id", "member", "position", "comment", "responded_at"]
        read_only_fields = ["member", "responded_at"]


class ReferralSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="request.reference", read_only=True)
    responses = ResponseSerializer(many=True, read_only=True)

    class Meta:
        model = HctReferral
        fields = [
            "id",
            "request",
            "reference",
            "procedure",
            "state",
            "deadline",
            "proposed_outcome",
            "proposed_conditions",
            "proposed_valid_from",
            "proposed_valid_until",
            "proposal",
            "opened_at",
            "closed_at",
            "responses",
        ]


class ReferralCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    procedure = serializers.ChoiceField(choices=HctReferral.Procedure.choices)
    deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    proposed_outcome = serializers.ChoiceField(
        choices=[(o.value, o.label) for o in decisions.PROPOSABLE],
        required=False,
        allow_blank=True,
        default="",
    )
    proposed_conditions = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    proposed_valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    proposed_valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    proposal = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RespondSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=HctResponse.Position.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.SerializerMethodField()
    on_behalf_of = serializers.StringRelatedField()
    present = serializers.StringRelatedField(many=True)
    guidelines = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    superseded = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "request",
            "outcome",
            "conditions",
            "valid_from",
            "valid_until",
            "rationale",
            "guidelines",
            "decided_by",
            "on_behalf_of",
            "procedure",
            "present",
            "referral",
            "supersedes",
            "superseded",
            "created_at",
        ]

    def get_decided_by(self, decision) -> str:
        return str(decision.decided_by) if decision.decided_by_id else "system (adopted by silence)"

    def get_superseded(self, decision) -> bool:
        return hasattr(decision, "superseded_by")


class DecisionCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    conditions = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    rationale = serializers.CharField(required=False, allow_blank=True, default="")
    guidelines = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    on_behalf_of = serializers.IntegerField(required=False, allow_null=True, default=None)
    present = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    expected_status = serializers.CharField(required=False, allow_blank=True, default="")


def _humanitarian_request(user, pk):
    """A request the user may see and whose HCT deliberations they may read, or 404."""
    rfa = permissions.get_request_for_user(user, pk)
    if not permissions.can_see_responses(user, rfa):
        raise Http404("No such request.")
    return rfa


@extend_schema(tags=["hct"])
class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """HCT procedures (meeting or written) on the requests you may see; humanitarian users only."""

    serializer_class = ReferralSerializer

    def get_queryset(self):
        requests = permissions.visible_requests(self.request.user)
        return (
            HctReferral.objects.filter(request__in=requests)
            .select_related("request")
            .prefetch_related(Prefetch("responses", queryset=HctResponse.objects.select_related("member")))
            .order_by("-opened_at", "-pk")
        )

    def _military_ops(self):
        from cmcoord.models import Role
        from cmcoord.permissions import roles_by_operation

        return [
            op for op, role in roles_by_operation(self.request.user).items() if role == Role.MILITARY_LIAISON
        ]

    @extend_schema(
        summary="Put a request to the HCT (or open a new procedure after a deferral)",
        request=ReferralCreateSerializer,
        responses={201: ReferralSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
    )
    def create(self, request, *args, **kwargs):
        body = ReferralCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rfa = _humanitarian_request(request.user, data["request"])
        proposal = {
            "outcome": data["proposed_outcome"],
            "conditions": data["proposed_conditions"],
            "valid_from": data["proposed_valid_from"],
            "valid_until": data["proposed_valid_until"],
            "text": data["proposal"],
        }
        if permissions.can_put_to_hct(request.user, rfa):
            services.request_put_to_hct(
                rfa=rfa,
                actor=request.user,
                comment=data["comment"],
                procedure=data["procedure"],
                deadline=data["deadline"],
                proposal=proposal,
            )
        else:
            decisions.referral_restart(
                rfa=rfa,
                actor=request.user,
                procedure=data["procedure"],
                deadline=data["deadline"],
                proposal=proposal,
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
                ERROR, description="deadline_passed, procedure_closed, already_responded or role_not_allowed"
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
        responses={201: DecisionSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
    )
    def create(self, request, *args, **kwargs):
        body = DecisionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rfa = _humanitarian_request(request.user, data["request"])
        operation_users = User.objects.filter(memberships__operation=rfa.operation)
        decision = decisions.decision_record(
            rfa=rfa,
            actor=request.user,
            outcome=data["outcome"],
            conditions=data["conditions"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            rationale=data["rationale"],
            guidelines=list(Guideline.objects.filter(pk__in=data["guidelines"])),
            on_behalf_of=operation_users.filter(pk=data["on_behalf_of"]).first()
            if data["on_behalf_of"]
            else None,
            present=list(operation_users.filter(pk__in=data["present"])),
            expected_status=data["expected_status"] or None,
        )
        return Response(DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data, status=201)


def _task_action(name, body_serializer, summary):
    def view(self, request, pk=None):
        task = self.get_object()
        body = body_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if name == "accept":
            tasking.task_accept(task=task, actor=request.user, expected_status=data.get("expected_status"))
        elif name == "decline":
            tasking.task_decline(task=task, actor=request.user, reason=data["reason"])
        elif name == "progress":
            tasking.task_report_progress(task=task, actor=request.user, text=data["text"])
        else:
            tasking.task_complete(
                task=task,
                actor=request.user,
                completed_on=data["completed_on"],
                delivered=data["delivered"],
                notes=data["notes"],
            )
        return Response(MilitaryTaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    view.__name__ = name
    view.__doc__ = summary
    view = action(detail=True, methods=["post"], url_path=name)(view)
    return extend_schema(
        summary=summary,
        request=body_serializer,
        responses={
            200: MilitaryTaskSerializer,
            400: ERROR,
            404: OpenApiResponse(ERROR, description="No such task, or not your force's."),
            409: OpenApiResponse(ERROR, description="Refused: nothing changed."),
        },
        tags=["tasks"],
    )(view)


@extend_schema(tags=["tasks"])
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks of the military. A liaison officer sees only their force's tasks, and only what may be shared."""

    serializer_class = MilitaryTaskSerializer

    def get_queryset(self):
        return selectors.tasks_for_user(self.request.user, None).prefetch_related("reports__by")

    def get_object(self):
        permissions.get_task_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=self.kwargs["pk"])

    @extend_schema(
        summary="Task an approved request to one force (CMCoord officers)",
        request=TaskCreateSerializer,
        responses={201: MilitaryTaskSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    def create(self, request, *args, **kwargs):
        body = TaskCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rfa = _humanitarian_request(request.user, data["request"])
        force = Organization.objects.filter(pk=data["force"]).first()
        poc = User.objects.filter(pk=data["poc"]).first()
        errors = {}
        if force is None:
            errors["force"] = ["No such organisation."]
        if poc is None:
            errors["poc"] = ["No such user."]
        if errors:
            raise serializers.ValidationError(errors)
        task = tasking.task_create(
            rfa=rfa,
            actor=request.user,
            force=force,
            poc=poc,
            poc_phone=data["poc_phone"],
            expected_status=data.get("expected_status"),
        )
        return Response(
            MilitaryTaskSerializer(self.get_queryset().get(pk=task.pk)).data, status=status.HTTP_201_CREATED
        )

    accept = _task_action("accept", TaskAcceptSerializer, "Accept the task (the force's liaison officers)")
    decline = _task_action("decline", TaskDeclineSerializer, "Decline the task, saying why")
    progress = _task_action("progress", TaskProgressSerializer, "Report progress (starts an accepted task)")
    complete = _task_action("complete", TaskCompleteSerializer, "Report completion: date, delivered, notes")
