from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from . import timezones
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
    """Puts request.operation (lazy), activates the user's stored language and the operation's time zone.

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
        timezones.activate_for(request)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before host validation and TLS redirects (load balancers, compose).

    /healthz is liveness: no I/O, the process answers. /readyz asks every part (cmcoord.readiness) and answers
    503 naming the parts that fail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            from .readiness import readiness

            ready, report = readiness()
            return JsonResponse(report, status=200 if ready else 503)
        return self.get_response(request)


class ApiBodyLimitMiddleware:
    """An API body larger than the upload promise (API_MAX_BODY_BYTES) is refused before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_BODY_BYTES:
                from django.utils.translation import gettext

                return JsonResponse(
                    {"code": "body_too_large", "detail": gettext("The body is too large."), "fields": {}},
                    status=413,
                )
        return self.get_response(request)


class NulCharacterMiddleware:
    """A NUL character in the address or its query (?q=a%00b) is refused with a 400 before any view reads it:
    PostgreSQL refuses it in any text, so a search would crash. (Bodies: the API's parser, the forms.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            from .views import bad_request

            return bad_request(request)
        return self.get_response(request)


class ClosedOperationMiddleware:
    """A page that tried to write in a closed operation: say so and go back, whatever view it was.

    The refusal itself happens in the write (cmcoord.services.ensure_operation_open); views that catch
    DomainError show it in the form, and this catches the ones that do not. The API has its own handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.http import HttpResponseRedirect
        from django.urls import reverse
        from django.utils.http import url_has_allowed_host_and_scheme

        from .exceptions import OperationClosed

        if not isinstance(exception, OperationClosed) or request.path.startswith("/api/"):
            return None
        messages.error(request, exception.message)
        target = request.headers.get("referer") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = reverse("home")
        return HttpResponseRedirect(target)
