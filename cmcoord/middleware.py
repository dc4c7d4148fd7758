from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from . import health
from .models import Operation
from .permissions import roles_by_operation

SESSION_KEY = "cmcoord_operation_id"
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def current_operation(request):
    """The operation the user works in: the one chosen in the switcher, else their first active one."""
    user = request.user
    if not user.is_authenticated:
        return None
    roles = roles_by_operation(user)
    if not roles:
        return None
    chosen = request.session.get(SESSION_KEY)
    if chosen in roles:
        return Operation.objects.filter(pk=chosen).first()
    return Operation.objects.filter(pk__in=list(roles)).order_by("status", "-start_date", "pk").first()


class CurrentOperationMiddleware:
    """Puts request.operation (lazy) and activates the user's stored language.

    Django's LocaleMiddleware (earlier in the chain) has already chosen the language of the language cookie
    (the switcher) or of the browser's Accept-Language; a signed-in user's own choice wins over both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.operation = SimpleLazyObject(lambda: current_operation(request))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in LANGUAGE_CODES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answers /healthz before host validation and TLS redirects (load balancers, compose health checks)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)

        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
        return JsonResponse({"status": "ok", "database": "ok", **health.checks()})
