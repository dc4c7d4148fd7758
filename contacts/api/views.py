"""The directory's API: the permissions (contacts/permissions.py), selectors and services of the pages.

Reads as the pages read (military readers get the work fields, and their reads go to the access log).
Writes, the import and the access log: the operation's CMCoord officers only, as on the pages (else 404).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cmcoord.api.parsers import StrictJSONParser
from cmcoord.api.renderers import FileRenderer
from cmcoord.api.schema import ERROR
from cmcoord.models import Operation, User
from cmcoord.permissions import get_operation_for_user, roles_by_operation

from .. import imports, selectors, services
from ..forms import ImportForm
from ..models import Contact, ContactAccessLog, ImportBatch
from ..permissions import (
    can_manage_directory,
    get_contact_for_user,
    get_contact_to_manage,
    get_import_for_user,
    get_platform_for_user,
    get_platform_to_manage,
    is_military_viewer,
    search_fields,
    sees_personal_fields,
    visible_contacts,
)
from ..views import export_response, filter_form
from .schema import contact_for_reader
from .serializers import (
    AccessLogSerializer,
    ContactSerializer,
    ContactWriteSerializer,
    ImportBatchSerializer,
    ImportUploadSerializer,
    MilitaryContactSerializer,
    OrganizationSerializer,
    PlatformSerializer,
    PlatformWriteSerializer,
)

WRITE_ERRORS = {
    400: ERROR,
    404: OpenApiResponse(ERROR, description="Not a CMCoord officer of the operation, or no such object."),
    409: OpenApiResponse(ERROR, description="operation_closed"),
}


def managed_operation(user: User, pk) -> Operation:
    """The operation if the user manages its directory; 404 otherwise (as the pages)."""
    operation = get_operation_for_user(user, pk)
    if not can_manage_directory(user, operation):
        raise Http404("Only the CMCoord officers manage the directory.")
    return operation


def _operation_id(request) -> int:
    body = request.data if hasattr(request.data, "get") else {}
    field = serializers.IntegerField()
    try:
        return field.run_validation(body.get("operation"))
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"operation": exc.detail}) from None


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
class ContactViewSet(
    OperationScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Contacts you may see; military users get the work fields of contacts shared with everyone, and every
    read of theirs is recorded in the access log. The operation's CMCoord officers add, edit, verify them."""

    filter_backends: list = []
    parser_classes = [StrictJSONParser]  # JSON bodies only

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

    # Writes.

    def _fields(self, operation: Operation, data: dict) -> services.ContactFields:
        """The service's fields from a valid body; an id outside the operation is a 400 on its field."""
        errors = {}
        organization = operation.organizations.filter(pk=data["organization"]).first()
        if organization is None:
            errors["organization"] = [_("This organisation does not take part in the operation.")]
        user = None
        if data["user"] is not None:
            user = User.objects.filter(memberships__operation=operation, pk=data["user"]).first()
            if user is None:
                errors["user"] = [_("Unknown person, or not a member of the operation.")]
        if errors:
            raise serializers.ValidationError(errors)
        return services.ContactFields(
            name=data["name"].strip(),
            title=data["title"],
            organization=organization,
            emails=list(dict.fromkeys(e.lower() for e in data["emails"])),
            phones=[(p["kind"], p["number"]) for p in data["phones"]],
            radio_call_sign=data["radio_call_sign"],
            location=data["location"],
            languages=data["languages"],
            functions=list(dict.fromkeys(data["functions"])),
            notes=data["notes"],
            sharing=data["sharing"],
            last_verified=data["last_verified"],
            user=user,
        )

    def _written(self, contact: Contact, code=status.HTTP_200_OK) -> Response:
        contact = selectors.with_contact_details(Contact.objects.filter(pk=contact.pk)).get()
        return Response(ContactSerializer(contact).data, status=code)

    @extend_schema(
        summary="Add a contact to an operation's directory (its CMCoord officers)",
        request=ContactWriteSerializer,
        responses={201: ContactSerializer, **WRITE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        operation = managed_operation(request.user, _operation_id(request))
        body = ContactWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = self._fields(operation, body.validated_data)
        contact = services.contact_create(operation=operation, actor=request.user, fields=fields)
        return self._written(contact, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a contact (PUT: every field; PATCH: those given)",
        request=ContactWriteSerializer,
        responses={200: ContactSerializer, **WRITE_ERRORS},
    )
    def update(self, request, *args, **kwargs):
        contact = get_contact_to_manage(request.user, self.kwargs["pk"])
        contact = selectors.with_contact_details(Contact.objects.filter(pk=contact.pk)).get()
        partial = kwargs.get("partial", False)
        data = {**request.data, "operation": contact.operation_id} if hasattr(request.data, "keys") else {}
        body = ContactWriteSerializer(data=data, partial=partial)
        body.is_valid(raise_exception=True)
        current = {
            "name": contact.name,
            "title": contact.title,
            "organization": contact.organization_id,
            "emails": [e.email for e in contact.emails.all()],
            "phones": [{"kind": p.kind, "number": p.number} for p in contact.phones.all()],
            "radio_call_sign": contact.radio_call_sign,
            "location": contact.location,
            "languages": contact.languages,
            "functions": contact.function_codes,
            "sharing": contact.sharing,
            "last_verified": contact.last_verified,
            "user": contact.user_id,
            "notes": contact.notes,
        }
        fields = self._fields(
            contact.operation, {**current, **body.validated_data} if partial else body.validated_data
        )
        contact = services.contact_update(contact=contact, actor=request.user, fields=fields)
        return self._written(contact)

    @extend_schema(
        summary="Change some fields of a contact",
        request=ContactWriteSerializer(partial=True),
        responses={200: ContactSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        summary="Mark a contact's details verified today (answers an open confirmation request)",
        request=None,
        responses={200: ContactSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        contact = get_contact_to_manage(request.user, pk)
        contact = services.contact_mark_verified(contact=contact, actor=request.user)
        return self._written(contact)

    @extend_schema(
        summary="Ask a contact to confirm their details by email",
        request=None,
        responses={
            200: ContactSerializer,
            404: WRITE_ERRORS[404],
            409: OpenApiResponse(ERROR, description="no_email, already_requested, operation_closed"),
        },
    )
    @action(detail=True, methods=["post"], url_path="request-confirmation")
    def request_confirmation(self, request, pk=None):
        contact = get_contact_to_manage(request.user, pk)
        services.contact_request_confirmation(contact=contact, actor=request.user)
        return self._written(contact)

    def _log(self, ids, rows) -> None:
        by_operation: dict[int, list[int]] = {}
        for pk, row in zip(ids, rows, strict=True):
            by_operation.setdefault(row["operation"], []).append(pk)
        for op_id, contact_ids in by_operation.items():
            services.military_access_record(
                user=self.request.user, operation=op_id, contact_ids=contact_ids, how=ContactAccessLog.How.API
            )


@extend_schema_view(list=extend_schema(parameters=[OPERATION_PARAM]))
class PlatformViewSet(
    OperationScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Coordination platforms; each lists only the members you may see. The operation's CMCoord officers add
    and edit them."""

    serializer_class = PlatformSerializer
    filter_backends: list = []
    parser_classes = [StrictJSONParser]  # JSON bodies only

    def get_queryset(self):
        return selectors.platforms_for(self.request.user, self.operation())

    def get_object(self):
        platform = get_platform_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=platform.pk)

    def _fields(self, operation: Operation, data: dict) -> services.PlatformFields:
        """The service's fields from a valid body; a contact outside the operation is a 400 on its field."""
        wanted = set(data["members"]) | ({data["chair"]} if data["chair"] is not None else set())
        contacts = {c.pk: c for c in Contact.objects.filter(operation=operation, pk__in=wanted)}
        errors = {}
        if data["chair"] is not None and data["chair"] not in contacts:
            errors["chair"] = [_("The chair must be a contact of this operation.")]
        if any(pk not in contacts for pk in data["members"]):
            errors["members"] = [_("Members must be contacts of this operation.")]
        if errors:
            raise serializers.ValidationError(errors)
        return services.PlatformFields(
            name=data["name"].strip(),
            kind=data["kind"],
            meeting_schedule=data["meeting_schedule"],
            location=data["location"],
            chair=contacts.get(data["chair"]) if data["chair"] is not None else None,
            members=[contacts[pk] for pk in dict.fromkeys(data["members"])],
        )

    def _written(self, platform, code=status.HTTP_200_OK) -> Response:
        platform = selectors.platforms_for(self.request.user, platform.operation_id).get(pk=platform.pk)
        return Response(PlatformSerializer(platform).data, status=code)

    @extend_schema(
        summary="Add a coordination platform to an operation (its CMCoord officers)",
        request=PlatformWriteSerializer,
        responses={201: PlatformSerializer, **WRITE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        operation = managed_operation(request.user, _operation_id(request))
        body = PlatformWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        platform = services.platform_create(
            operation=operation, actor=request.user, fields=self._fields(operation, body.validated_data)
        )
        return self._written(platform, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a platform, its chair and its members (PUT: every field; PATCH: those given)",
        request=PlatformWriteSerializer,
        responses={200: PlatformSerializer, **WRITE_ERRORS},
    )
    def update(self, request, *args, **kwargs):
        platform = get_platform_to_manage(request.user, self.kwargs["pk"])
        partial = kwargs.get("partial", False)
        data = {**request.data, "operation": platform.operation_id} if hasattr(request.data, "keys") else {}
        body = PlatformWriteSerializer(data=data, partial=partial)
        body.is_valid(raise_exception=True)
        current = {
            "name": platform.name,
            "kind": platform.kind,
            "meeting_schedule": platform.meeting_schedule,
            "location": platform.location,
            "chair": platform.chair_id,
            "members": list(platform.members.order_by("pk").values_list("pk", flat=True)),
        }
        data = {**current, **body.validated_data} if partial else body.validated_data
        platform = services.platform_update(
            platform=platform, actor=request.user, fields=self._fields(platform.operation, data)
        )
        return self._written(platform)

    @extend_schema(
        summary="Change some fields of a platform",
        request=PlatformWriteSerializer(partial=True),
        responses={200: PlatformSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


@extend_schema(tags=["contacts"])
@extend_schema_view(retrieve=extend_schema(responses={200: ImportBatchSerializer, 404: ERROR}))
class ContactImportViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Importing contacts from a CSV, as on the directory's import page: upload (nothing is written, the rows
    and their errors come back), then commit (every row or none). CMCoord officers of the operation only."""

    serializer_class = ImportBatchSerializer
    parser_classes = [StrictJSONParser]  # but the upload: multipart
    queryset = ImportBatch.objects.none()  # the schema's model; get_object reads through permissions

    def get_object(self):
        return get_import_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        summary="Upload a CSV of contacts: the rows as read, and every error with its row and column",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            201: ImportBatchSerializer,
            400: OpenApiResponse(ERROR, description="The file cannot be read (encoding, size, header)."),
            404: WRITE_ERRORS[404],
            409: WRITE_ERRORS[409],
        },
    )
    @action(detail=False, methods=["post"], url_path="upload", parser_classes=[MultiPartParser])
    def upload(self, request):
        operation = managed_operation(request.user, _operation_id(request))
        # The page's form: its size and encoding checks, and the header read once.
        form = ImportForm(data={}, files=request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        try:
            batch = services.import_preview(
                operation=operation,
                actor=request.user,
                filename=form.cleaned_data["file"].name,
                text=form.text,
            )
        except imports.ImportFileError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Write every row of a clean import into the directory, or none",
        request=None,
        responses={
            200: ImportBatchSerializer,
            404: WRITE_ERRORS[404],
            409: OpenApiResponse(
                ERROR,
                description="import_has_errors (fields: rows.{row}.{column}), transition_not_allowed "
                "(already committed), operation_closed",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        batch = services.import_commit(batch=self.get_object(), actor=request.user)
        if batch.status != batch.Status.COMMITTED:
            fields: dict[str, list[str]] = {}
            for error in batch.errors:
                fields.setdefault(f"rows.{error['row']}.{error['column']}", []).append(error["message"])
            return Response(
                {
                    "code": "import_has_errors",
                    "detail": str(_("Some rows have errors: nothing was written.")),
                    "fields": fields,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(ImportBatchSerializer(batch).data)


ACCESS_LOG_OPERATION = OpenApiParameter(
    "operation", int, required=True, description=_("The operation (its CMCoord officers only).")
)


@extend_schema(tags=["contacts"])
@extend_schema_view(
    list=extend_schema(
        parameters=[ACCESS_LOG_OPERATION],
        responses={200: AccessLogSerializer(many=True), 400: ERROR, 404: ERROR},
    )
)
class AccessLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """What military users saw in an operation's directory, newest first: its CMCoord officers only."""

    serializer_class = AccessLogSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ContactAccessLog.objects.none()
        value = self.request.query_params.get("operation")
        if not value:
            raise serializers.ValidationError({"operation": [_("This parameter is required.")]})
        return selectors.access_log(managed_operation(self.request.user, value))


class DirectoryExportView(APIView):
    """The directory of an operation as CSV or vCard, with the filters of its page: what the reader may
    see (military readers: the work fields of contacts shared with everyone; their export is in the access
    log)."""

    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(
        tags=["contacts"],
        summary="Export the directory (CSV or vCard)",
        parameters=[
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["csv", "vcf"]),
            OpenApiParameter("operation", int, required=True),
            OpenApiParameter("q", str),
            OpenApiParameter("organization", int),
            OpenApiParameter("organization_type", str),
            OpenApiParameter("function", str),
            OpenApiParameter("platform", int),
            OpenApiParameter("language", str),
            OpenApiParameter("stale", bool, description=_("Not verified for 90 days.")),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "text/vcard"): OpenApiTypes.BINARY,
            400: ERROR,
            404: ERROR,
        },
    )
    def get(self, request, fmt: str):
        if fmt not in ("csv", "vcf"):
            raise Http404("No such format.")
        operation = get_operation_for_user(request.user, request.query_params.get("operation"))
        form = filter_form(request.user, operation, request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return export_response(request.user, operation, form, "csv" if fmt == "csv" else "vcard")
