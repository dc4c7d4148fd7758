from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import registry
from .middleware import SESSION_KEY
from .models import Role, User
from .permissions import get_operation_for_user, is_humanitarian_member, role_in
from .selectors import memberships_for_user
from .services import user_language_set

ROLE_INTRO = {
    Role.CMCOORD_OFFICER: _(
        "Validate requests, put them to the HCT, task the military and keep the directory."
    ),
    Role.REQUESTER: _(
        "Draft and submit requests for military and civil defence assets for your organisation."
    ),
    Role.HCT_MEMBER: _("Review the requests put to the HCT and respond before the deadline."),
    Role.HC: _("Chair the HCT and record its decisions."),
    Role.MILITARY_LIAISON: _(
        "See the tasks given to your force; accept or decline them and report progress."
    ),
    Role.OBSERVER: _("Follow the operation's requests and decisions (read only)."),
}


def current_operation_or_none(request):
    op = getattr(request, "operation", None)
    return op._wrapped if op and hasattr(op, "_wrapped") else (op or None)


@login_required
def home(request):
    """What waits for me: the panels of every app for my role in the current operation."""
    operation = current_operation_or_none(request)
    role = role_in(request.user, operation) if operation else None
    context = {
        "operation": operation,
        "role": role,
        "role_intro": ROLE_INTRO.get(role, ""),
        "panels": registry.panels(request, operation, role) if role else [],
        "memberships": memberships_for_user(request.user),
    }
    return render(request, "cmcoord/home.html", context)


@require_POST
def set_language(request):
    """The language switcher (a form, no script): the cookie for everyone, the preference if signed in."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in User.Language.values:
        user_language_set(user=request.user, language=language)
    return response


@login_required
@require_POST
def switch_operation(request):
    """Make another of the user's operations the current one."""
    operation = get_operation_for_user(request.user, request.POST.get("operation"))
    request.session[SESSION_KEY] = operation.pk
    target = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("home")
    return HttpResponseRedirect(target)


@login_required
def operation_detail(request, pk: int):
    """An operation's facts; its people for humanitarian members only."""
    operation = get_operation_for_user(request.user, pk)
    members = None
    if is_humanitarian_member(request.user, operation):
        members = operation.memberships.select_related("user", "user__organization").order_by(
            "role", "user__last_name", "user__username"
        )
    return render(
        request,
        "cmcoord/operation_detail.html",
        {"operation": operation, "members": members, "role": role_in(request.user, operation)},
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


__all__ = ["home", "switch_operation", "operation_detail", "Http404"]
