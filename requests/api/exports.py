"""Exports of the request list for token clients: the page's filters, visibility and background jobs.

GET /api/v1/requests/export/{csv|xlsx}/?operation=…&<the list's filters> answers the file; over the page's
threshold it starts (or finds) a background export and answers 202 with the job, whose download follows.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cmcoord.api.renderers import FileRenderer
from cmcoord.api.schema import ERROR
from cmcoord.permissions import get_operation_for_user

from .. import exports, permissions, selectors
from ..filters import RequestFilter
from ..models import ExportJob
from ..services import exports as export_services

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text=_("Once ready: the file."))

    class Meta:
        model = ExportJob
        fields = ["id", "fmt", "status", "rows_done", "rows_total", "created_at", "finished_at", "expires_at"]
        fields += ["download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str | None:
        if obj.status != ExportJob.Status.READY:
            return None
        return f"/api/v1/request-exports/{obj.pk}/download/"


class RequestExportView(APIView):
    """The request list of an operation as CSV or XLSX, filtered as the list (the same visibility as the page:
    military users have none)."""

    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(
        tags=["requests"],
        summary="Export the request list (CSV or XLSX)",
        parameters=[
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["csv", "xlsx"]),
            OpenApiParameter("operation", int, required=True),
            OpenApiParameter("q", str),
            OpenApiParameter("status", str, many=True),
            OpenApiParameter("capability", str),
            OpenApiParameter("assistance_type", str),
            OpenApiParameter("priority", str),
            OpenApiParameter("organization", int),
            OpenApiParameter("required_from", OpenApiTypes.DATE),
            OpenApiParameter("required_until", OpenApiTypes.DATE),
            OpenApiParameter("sort", str),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
            202: OpenApiResponse(ExportJobSerializer, description="Over the threshold: a background export."),
            400: ERROR,
            404: ERROR,
        },
    )
    def get(self, request, fmt: str):
        if fmt not in TYPES:
            raise Http404("No such format.")
        operation = get_operation_for_user(request.user, request.query_params.get("operation"))
        if not permissions.can_list(request.user, operation):
            raise Http404("No requests here.")
        filterset = RequestFilter(
            request.query_params,
            queryset=selectors.requests_for_user(request.user, operation),
            operation=operation,
        )
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        rows = filterset.qs
        threshold = settings.EXPORT_BACKGROUND_ROWS
        if rows.order_by().values("pk")[: threshold + 1].count() > threshold:
            query = request.query_params.copy()
            query.pop("operation", None)
            job = export_services.export_job_start(
                actor=request.user, operation=operation, fmt=fmt, query=query.urlencode()
            )
            return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        if fmt == "csv":
            return exports.csv_response(rows, operation)
        return exports.xlsx_response(rows, operation)


@extend_schema(tags=["requests"])
@extend_schema_view(retrieve=extend_schema(responses={200: ExportJobSerializer, 404: ERROR}))
class ExportJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A background export of the request list, for the one user who asked for it."""

    serializer_class = ExportJobSerializer
    queryset = ExportJob.objects.none()

    def get_object(self):
        return permissions.get_export_job_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        summary="The file of a background export, once ready (until it expires)",
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
            404: ERROR,
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def download(self, request, pk=None):
        job = self.get_object()
        if job.status != job.Status.READY or not job.file or job.expires_at <= timezone.now():
            raise Http404("This export is not ready.")
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=exports.filename(job.operation, job.fmt),
            content_type=TYPES[job.fmt],
        )
