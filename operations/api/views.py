"""The API of running an operation: the permissions (operations/permissions.py) and services of the pages.

/api/v1/operations/ lists the operations the user holds a role in or may run; an operations manager creates
them. Under /api/v1/operations/{id}/: close, reopen, organizations, memberships, invitations, users/{id}/...
Anyone who may not take an action on the operation gets 404; a refused write 4xx with a code, nothing changed.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from cmcoord.api.schema import ApiErrorSerializer
from cmcoord.api.views import OperationViewSet as CoreOperationViewSet
from cmcoord.models import Membership, Operation, User
from cmcoord.permissions import get_operation_for_user, roles_by_operation

from .. import permissions, selectors, services
from ..models import Invitation
from .serializers import (
    AddOrganizationSerializer,
    InvitationSerializer,
    ReasonSerializer,
    RunMembershipSerializer,
    RunOperationSerializer,
    RunOrganizationSerializer,
)

USER_MOVES = ["deactivate", "reactivate"]
INVITATION_MOVES = ["resend", "withdraw"]
DEACTIVATED = inline_serializer(
    "OrganizationDeactivated",
    {"users_without_role": serializers.ListField(child=serializers.IntegerField(), help_text="Their ids.")},
)
USER_ACTIVE = inline_serializer(
    "UserActive", {"id": serializers.IntegerField(), "is_active": serializers.BooleanField()}
)


def _ids(*names):
    """The ids in a path, as integers (the id path converter: a positive bigint)."""
    return [OpenApiParameter(name, int, OpenApiParameter.PATH) for name in names]


class OperationViewSet(CoreOperationViewSet):
    """Operations: those the user holds a role in, and those they may run (all of them for a manager)."""

    serializer_class = RunOperationSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Operation.objects.none()
        user = self.request.user
        condition = Q(pk__in=list(roles_by_operation(user)))
        if permissions.is_operations_manager(user):
            condition = Q()
        return Operation.objects.filter(condition).order_by("status", "-start_date", "name")

    def get_object(self):
        if permissions.is_operations_manager(self.request.user):
            return permissions.get_operation_to_run(self.request.user, self.kwargs["pk"], "view")
        return get_operation_for_user(self.request.user, self.kwargs["pk"])

    def _run(self, action_name: str) -> Operation:
        return permissions.get_operation_to_run(self.request.user, self.kwargs["pk"], action_name)

    @extend_schema(responses={405: ApiErrorSerializer}, description="Always refused: an operation is closed.")
    def destroy(self, request, *args, **kwargs):
        return Response(
            {"code": "not_deleted", "detail": _("An operation is closed, never deleted."), "fields": {}},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    def create(self, request, *args, **kwargs):
        if not permissions.can_open_operations(request.user):
            raise PermissionDenied(_("Only an operations manager opens operations."))
        serializer = RunOperationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        operation = services.operation_create(actor=request.user, data=serializer.validated_data)
        return Response(RunOperationSerializer(operation).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        operation = self._run("edit")
        serializer = RunOperationSerializer(operation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        operation = services.operation_update(
            operation=operation, actor=request.user, data=serializer.validated_data
        )
        return Response(RunOperationSerializer(operation).data)

    @extend_schema(request=ReasonSerializer, responses=RunOperationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close with a reason (cancel_open_requests=true cancels the open requests with it)."""
        operation = self._run("close")
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        operation = services.operation_close(
            operation=operation,
            actor=request.user,
            reason=serializer.validated_data["reason"],
            cancel_open_requests=serializer.validated_data["cancel_open_requests"],
        )
        return Response(RunOperationSerializer(operation).data)

    @extend_schema(request=ReasonSerializer, responses=RunOperationSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        operation = self._run("reopen")
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        operation = services.operation_reopen(
            operation=operation, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(RunOperationSerializer(operation).data)

    # Organisations.

    @extend_schema(methods=["GET"], responses=RunOrganizationSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=RunOrganizationSerializer,
        responses={201: RunOrganizationSerializer},
        filters=False,
        description="Create an organisation ({name, type, …}) or add an existing one ({organization: id}).",
    )
    @action(detail=True, methods=["get", "post"], url_path="organizations")
    def organizations(self, request, pk=None):
        """GET: the organisations of the operation. POST: create one ({name, type, …}) or add an existing one
        ({organization: id})."""
        operation = self._run("organizations")
        if request.method == "GET":
            queryset = selectors.operation_organizations(operation)
            page = self.paginate_queryset(queryset)
            return self.get_paginated_response(RunOrganizationSerializer(page, many=True).data)
        if "organization" in request.data:
            serializer = AddOrganizationSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            org = services.organization_add(
                operation=operation,
                organization=serializer.validated_data["organization"],
                actor=request.user,
            )
        else:
            serializer = RunOrganizationSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            org = services.organization_create(
                operation=operation, actor=request.user, data=serializer.validated_data
            )
        org = selectors.operation_organizations(operation).get(pk=org.pk)  # with its member count
        return Response(RunOrganizationSerializer(org).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RunOrganizationSerializer, responses=RunOrganizationSerializer, parameters=_ids("org_pk")
    )
    @action(detail=True, methods=["patch"], url_path="organizations/<id:org_pk>")
    def organization(self, request, pk=None, org_pk=None):
        operation = self._run("organizations")
        org = get_object_or_404(operation.organizations, pk=org_pk)
        serializer = RunOrganizationSerializer(org, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        org = services.organization_update(
            operation=operation, organization=org, actor=request.user, data=serializer.validated_data
        )
        org = selectors.operation_organizations(operation).get(pk=org.pk)  # with its member count
        return Response(RunOrganizationSerializer(org).data)

    @extend_schema(request=ReasonSerializer, responses={200: DEACTIVATED}, parameters=_ids("org_pk"))
    @action(detail=True, methods=["post"], url_path="organizations/<id:org_pk>/deactivate")
    def organization_deactivate(self, request, pk=None, org_pk=None):
        operation = self._run("organizations")
        org = get_object_or_404(operation.organizations, pk=org_pk)
        removed = services.organization_deactivate(
            operation=operation, organization=org, actor=request.user, reason=request.data.get("reason", "")
        )
        return Response({"users_without_role": removed})

    # Memberships.

    @extend_schema(responses=RunMembershipSerializer(many=True))
    @action(detail=True, methods=["get"])
    def memberships(self, request, pk=None):
        """The people of the operation with their roles (an operations manager sees the officers)."""
        operation = self._run("people")
        page = self.paginate_queryset(selectors.members_visible_to(request.user, operation))
        return self.get_paginated_response(RunMembershipSerializer(page, many=True).data)

    @extend_schema(
        methods=["PATCH"],
        request=RunMembershipSerializer,
        responses=RunMembershipSerializer,
        parameters=_ids("membership_pk"),
    )
    @extend_schema(methods=["DELETE"], responses={204: None}, parameters=_ids("membership_pk"))
    @action(detail=True, methods=["patch", "delete"], url_path="memberships/<id:membership_pk>")
    def membership(self, request, pk=None, membership_pk=None):
        """PATCH {role}: change the role. DELETE: take it away."""
        operation = self._run("roles")
        membership = get_object_or_404(
            Membership.objects.select_related("user", "user__organization"),
            pk=membership_pk,
            operation=operation,
        )
        if request.method == "DELETE":
            services.membership_revoke(membership=membership, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = RunMembershipSerializer(membership, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "role" in serializer.validated_data:  # a PATCH without a role changes nothing
            membership = services.membership_change(
                membership=membership, role=serializer.validated_data["role"], actor=request.user
            )
        return Response(RunMembershipSerializer(membership).data)

    @extend_schema(
        request=None,
        responses={200: USER_ACTIVE},
        operation_id="operations_user_active",
        parameters=[
            *_ids("user_pk"),
            OpenApiParameter("move", str, OpenApiParameter.PATH, enum=USER_MOVES),
        ],
    )
    @action(detail=True, methods=["post"], url_path="users/<id:user_pk>/<str:move>")
    def user_active(self, request, pk=None, user_pk=None, move=None):
        if move not in USER_MOVES:
            raise Http404
        operation = self._run("deactivate_user")
        person = get_object_or_404(User.objects.filter(memberships__operation=operation), pk=user_pk)
        if move == "deactivate":
            person = services.user_deactivate(
                user=person, operation=operation, actor=request.user, reason=request.data.get("reason", "")
            )
        else:
            person = services.user_reactivate(user=person, operation=operation, actor=request.user)
        return Response({"id": person.pk, "is_active": person.is_active})

    # Invitations.

    @extend_schema(methods=["GET"], responses=InvitationSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=InvitationSerializer, responses={201: InvitationSerializer}, filters=False
    )
    @action(detail=True, methods=["get", "post"])
    def invitations(self, request, pk=None):
        """GET: the invitations of the operation. POST: invite an email with a role (the link is emailed)."""
        if request.method == "GET":
            operation = self._run("people")
            page = self.paginate_queryset(selectors.invitations_visible_to(request.user, operation))
            return self.get_paginated_response(InvitationSerializer(page, many=True).data)
        operation = self._run("invite")
        serializer = InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invitation = services.invitation_create(
            operation=operation,
            actor=request.user,
            email=data["email"],
            role=data["role"],
            organization=data["organization"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=InvitationSerializer,
        operation_id="operations_invitation_move",
        parameters=[
            *_ids("inv_pk"),
            OpenApiParameter("move", str, OpenApiParameter.PATH, enum=INVITATION_MOVES),
        ],
    )
    @action(detail=True, methods=["post"], url_path="invitations/<id:inv_pk>/<str:move>")
    def invitation(self, request, pk=None, inv_pk=None, move=None):
        if move not in INVITATION_MOVES:
            raise Http404
        operation = self._run("invite")
        invitation = get_object_or_404(
            Invitation,
            pk=inv_pk,
            operation=operation,
            role__in=permissions.roles_assignable(request.user, operation),
        )
        if move == "resend":
            invitation = services.invitation_resend(invitation=invitation, actor=request.user)
        else:
            invitation = services.invitation_withdraw(invitation=invitation, actor=request.user)
        return Response(InvitationSerializer(invitation).data)
