"""The dashboard's figures as JSON, with the same readers as the page (permissions.py)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cmcoord.permissions import get_operation_for_user

from .. import permissions, selectors
from ..forms import PeriodForm
from .serializers import DashboardSerializer


class DashboardView(APIView):
    """The dashboard of one operation: officers, the HC, HCT members and observers; 404 for anyone else."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="From this date (YYYY-MM-DD), included."),
            OpenApiParameter("end", str, description="Until this date (YYYY-MM-DD), included."),
        ],
        responses={200: DashboardSerializer},
    )
    def get(self, request, operation_pk: int):
        operation = get_operation_for_user(request.user, operation_pk)
        if not permissions.can_view_dashboard(request.user, operation):
            raise Http404("No dashboard here.")
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        return Response(selectors.dashboard_json(selectors.dashboard(operation, form.period())))
