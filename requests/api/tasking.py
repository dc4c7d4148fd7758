"""The API of the tasks of the military: the same selectors, permissions and services as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cmcoord.api.pagination import EstimatedCountPagination
from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import Organization, User

from .. import permissions, selectors
from ..filters import TaskFilter
from ..services import tasking
from .schema import ERROR, humanitarian_request
from .serializers.tasking import (
    MilitaryTaskSerializer,
    TaskAcceptSerializer,
    TaskAcknowledgeSerializer,
    TaskCompleteSerializer,
    TaskCreateSerializer,
    TaskDeclineSerializer,
    TaskProgressSerializer,
)


def _task_action(name, body_serializer, summary):
    def view(self, request, pk=None):
        task = self.get_object()
        # A reader who may see the task but not act on it is refused whatever the body (409, as every action).
        if not permissions.is_force_liaison(request.user, task):
            raise TransitionNotAllowed(
                _("Only the liaison officers of the tasked force can do this."), code="role_not_allowed"
            )
        body = body_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if name == "accept":
            tasking.task_accept(
                task=task,
                actor=request.user,
                conditions_confirmed=data["conditions_confirmed"],
                expected_status=data.get("expected_status"),
            )
        elif name == "decline":
            tasking.task_decline(task=task, actor=request.user, reason=data["reason"])
        elif name == "acknowledge":
            tasking.task_acknowledge(task=task, actor=request.user, decision_pk=data["decision"])
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
@extend_schema_view(list=extend_schema(responses={200: MilitaryTaskSerializer(many=True), 400: ERROR}))
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks of the military. A liaison officer sees only their force's tasks, and only what may be shared."""

    serializer_class = MilitaryTaskSerializer
    pagination_class = EstimatedCountPagination
    filterset_class = TaskFilter

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
        rfa = humanitarian_request(request.user, data["request"])
        force = Organization.objects.filter(pk=data["force"]).first()
        poc = User.objects.filter(pk=data["poc"]).first()
        errors = {}
        if force is None:
            errors["force"] = [_("No such organisation.")]
        if poc is None:
            errors["poc"] = [_("No such user.")]
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
    acknowledge = _task_action(
        "acknowledge",
        TaskAcknowledgeSerializer,
        "Acknowledge a renewed or amended approval (before reporting)",
    )
    complete = _task_action("complete", TaskCompleteSerializer, "Report completion: date, delivered, notes")
