from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from cmcoord.permissions import get_operation_for_user, roles_by_operation

from .. import selectors, services
from ..models import ContactAccessLog
from ..permissions import (
    get_contact_for_user,
    get_platform_for_user,
    is_military_viewer,
    search_fields,
    sees_personal_fields,
    visible_contacts,
)
from .schema import contact_for_reader
from .serializers import (
    ContactSerializer,
    MilitaryContactSerializer,
    OrganizationSerializer,
    PlatformSerializer,
)

SEARCH_PARAM = OpenApiParameter(
    "q", str, description="Free text, matched only in the fields you may read (name, title, organisation…)."
)
OPERATION_PARAM = OpenApiParameter(
    "operation", int, description=_("Only this operation (default: every operation you hold a role in).")
)


class OperationScopedMixin:
    def operation(self):
        """The ?operation= filter (404 if the user holds no role there), or None for all their operations."""
        if not hasattr(self, "_operation"):
            value = self.request.query_params.get("operation")
            self._operation = get_operation_for_user(self.request.user, value) if value else None
        return self._operation


@extend_schema_view(list=extend_schema(parameters=[OPERATION_PARAM]))
class OrganizationViewSet(OperationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations of the operations you hold a role in."""

    serializer_class = OrganizationSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.api_organizations(self.request.user, self.operation())


@extend_schema_view(
    list=extend_schema(parameters=[OPERATION_PARAM, SEARCH_PARAM], responses=contact_for_reader(many=True)),
    retrieve=extend_schema(responses=contact_for_reader()),
)
class ContactViewSet(OperationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Contacts you may see; military users get the work fields of contacts shared with everyone, and every
    read of theirs is recorded in the access log."""

    filter_backends: list = []

    def _military(self) -> bool:
        user = self.request.user
        return any(is_military_viewer(user, op) for op in roles_by_operation(user))

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return ContactSerializer
        return MilitaryContactSerializer if self._military() else ContactSerializer

    def get_queryset(self):
        operation = self.operation()
        if operation is not None:
            queryset = selectors.directory(self.request.user, operation)
        else:
            queryset = selectors.with_contact_details(visible_contacts(self.request.user)).order_by(
                "name", "pk"
            )
        text = (self.request.query_params.get("q") or "").strip()[:100]
        if text:
            queryset = selectors.text_search(queryset, text, search_fields(self.request.user, operation))
        return queryset

    def get_object(self):
        contact = get_contact_for_user(self.request.user, self.kwargs["pk"])
        return selectors.with_contact_details(visible_contacts(self.request.user)).get(pk=contact.pk)

    def get_serializer(self, instance=None, *args, **kwargs):
        if (
            instance is not None
            and not isinstance(instance, list | tuple)
            and hasattr(instance, "operation_id")
        ):
            personal = sees_personal_fields(self.request.user, instance.operation_id)
            serializer_class = ContactSerializer if personal else MilitaryContactSerializer
            kwargs.setdefault("context", self.get_serializer_context())
            return serializer_class(instance, *args, **kwargs)
        return super().get_serializer(instance, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self._log([row["id"] for row in response.data["results"]], response.data["results"])
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self._log([response.data["id"]], [response.data])
        return response

    def _log(self, ids, rows) -> None:
        by_operation: dict[int, list[int]] = {}
        for pk, row in zip(ids, rows, strict=True):
            by_operation.setdefault(row["operation"], []).append(pk)
        for op_id, contact_ids in by_operation.items():
            services.military_access_record(
                user=self.request.user, operation=op_id, contact_ids=contact_ids, how=ContactAccessLog.How.API
            )


@extend_schema_view(list=extend_schema(parameters=[OPERATION_PARAM]))
class PlatformViewSet(OperationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Coordination platforms; each lists only the members you may see."""

    serializer_class = PlatformSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.platforms_for(self.request.user, self.operation())

    def get_object(self):
        platform = get_platform_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=platform.pk)
