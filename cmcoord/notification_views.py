"""The inbox pages: the user's notifications, marking them read, and how they want to hear of things."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import notifications
from .forms import NotificationPreferencesForm

PAGE_SIZE = 25


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return fallback
    return target


@login_required
def inbox(request):
    """The user's notifications, newest first, a page at a time."""
    queryset = notifications.notifications_for_user(request.user)
    if request.GET.get("unread") == "1":
        queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": request.GET.get("unread") == "1"},
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one notification read, then go where it points (or back to the inbox)."""
    notification = notifications.get_notification_for_user(request.user, pk)
    notifications.notification_mark_read(notification=notification, user=request.user)
    return HttpResponseRedirect(_safe_next(request, reverse("notifications")))


@login_required
@require_POST
def mark_all_read(request):
    """Mark every notification of the user read."""
    count = notifications.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
        % {"count": count},
    )
    return redirect("notifications")


@login_required
def preferences(request):
    """Per kind of event: email now, daily digest or in the application only; and the language."""
    channels = notifications.channels_for_user(request.user)
    form = NotificationPreferencesForm(
        request.POST or None, channels=channels, initial={"language": request.user.language}
    )
    if request.method == "POST" and form.is_valid():
        notifications.notification_preferences_set(
            user=request.user, channels=form.channels(), language=form.cleaned_data["language"]
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notification-preferences")
    return render(request, "notifications/preferences.html", {"form": form})
