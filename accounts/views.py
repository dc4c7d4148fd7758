"""Pages of accounts: the second factor, one's own security page, and the officers' people page."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cmcoord.views import current_operation_or_none

from . import selectors, services
from .clientip import client_ip
from .forms import OtpForm, OutboxPasswordResetForm
from .middleware import is_mfa_verified
from .permissions import can_act_on_account, can_manage_people_security
from .policy import mfa_required

SETUP_DEVICE_KEY = "cmcoord_mfa_setup_device"
RECOVERY_CODES_KEY = "cmcoord_mfa_new_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


@login_required
def mfa_setup(request):
    """Enrol an authenticator app: scan the code (or type the key), confirm with a code it shows."""
    if not is_mfa_verified(request) and TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        # A password alone never replaces an enrolled second factor: that would bypass it.
        return redirect("accounts:mfa-verify")
    device = TOTPDevice.objects.filter(pk=request.session.get(SETUP_DEVICE_KEY), user=request.user).first()
    if device is None or device.confirmed:
        device = services.totp_device_start(user=request.user)
        request.session[SETUP_DEVICE_KEY] = device.pk
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = services.totp_device_confirm(user=request.user, device=device)
            request.session.pop(SETUP_DEVICE_KEY, None)
            otp_login(request, device)
            request.session[RECOVERY_CODES_KEY] = codes
            return HttpResponseRedirect(reverse("accounts:recovery-codes") + "?next=" + _next_url(request))
        form.add_error("token", _("This code is not right. Check your device's clock and try again."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": mfa_required(request.user),
            "next": _next_url(request),
        },
    )


@login_required
def mfa_verify(request):
    """Second step of signing in: a code of the authenticator app, or a recovery code (used once)."""
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:mfa-setup")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices:
            verified = verify_token(request.user, device.persistent_id, token)
            if verified is not None:
                request.session.cycle_key()
                otp_login(request, verified)
                if isinstance(verified, StaticDevice):
                    left = verified.token_set.count()
                    messages.warning(
                        request,
                        _("You used a recovery code; %(left)s remain. Set up your authenticator again soon.")
                        % {"left": left},
                    )
                return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("This code is not right, or was already used."))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request)})


def mfa_lost(request):
    """What to do without one's authenticator: a recovery code, or an officer resets the second factor."""
    return render(request, "accounts/mfa_lost.html")


@login_required
def recovery_codes(request):
    """The recovery codes just made, shown once."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return redirect("accounts:security")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@login_required
@require_POST
def recovery_codes_regenerate(request):
    if not is_mfa_verified(request):
        raise Http404("Verify your second factor first.")
    request.session[RECOVERY_CODES_KEY] = services.recovery_codes_regenerate(user=request.user)
    return redirect("accounts:recovery-codes")


@login_required
def security(request):
    """My account's security: second factor, API tokens, and signing out everywhere."""
    enrolled = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    recovery = StaticDevice.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/security.html",
        {
            "enrolled": enrolled,
            "recovery_left": recovery.token_set.count() if recovery else 0,
            "mfa_required": mfa_required(request.user),
            "tokens": selectors.tokens_for_user(request.user),
            "new_token": request.session.pop("cmcoord_new_token", None),
        },
    )


@login_required
@require_POST
def token_create(request):
    from .forms import TokenNameForm

    form = TokenNameForm(request.POST)
    if form.is_valid():
        _token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
        request.session["cmcoord_new_token"] = raw
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("accounts:security")


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.get_token_for_user(request.user, pk)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:security")


@login_required
@require_POST
def logout_everywhere(request):
    services.logout_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You are signed out everywhere, and your API tokens are revoked."))
    return redirect("login")


def _officer_operation(request):
    operation = current_operation_or_none(request)
    if not can_manage_people_security(request.user, operation):
        raise Http404("No such page.")
    return operation


@login_required
def people(request):
    """The officer's view of the operation's people: locked accounts and second factors."""
    operation = _officer_operation(request)
    return render(
        request,
        "accounts/people.html",
        {
            "operation": operation,
            "rows": selectors.people_security(operation),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@login_required
@require_POST
def lockout_lift(request, pk: int):
    operation = _officer_operation(request)
    target = selectors.get_member_for_officer(operation, pk)
    if not can_act_on_account(request.user, target, operation):
        raise Http404("No such person.")
    services.lockout_lift(actor=request.user, target=target, operation=operation)
    messages.success(request, _("%(name)s may sign in again.") % {"name": target})
    return redirect("accounts:people")


@login_required
@require_POST
def mfa_reset(request, pk: int):
    operation = _officer_operation(request)
    target = selectors.get_member_for_officer(operation, pk)
    if not can_act_on_account(request.user, target, operation):
        raise Http404("No such person.")
    services.mfa_reset(actor=request.user, target=target, operation=operation)
    messages.success(
        request,
        _("The second factor of %(name)s is reset: they set it up again at their next sign-in.")
        % {"name": target},
    )
    return redirect("accounts:people")


# Lockouts (django-axes calls this) and the throttled password reset.


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    detail = _(
        "Too many failed attempts: this account is locked from your address for %(minutes)s minutes. "
        "Its owner has been told by email; a CMCoord officer of your operation can lift the lock."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "detail": detail, "fields": {}}, status=429)
    return render(request, "registration/locked_out.html", {"detail": detail}, status=429)


def _reset_throttled(request) -> bool:
    """At most PASSWORD_RESET_LIMIT requests per hour from one address and for one email address."""
    email = (request.POST.get("email") or "").strip().lower()
    prefix = settings.THROTTLE_KEY_PREFIX
    keys = [f"{prefix}password-reset:ip:{client_ip(request)}", f"{prefix}password-reset:email:{email}"]
    throttled = False
    for key in keys:
        cache.add(key, 0, timeout=3600)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
        throttled = throttled or count > settings.PASSWORD_RESET_LIMIT
    return throttled


class ThrottledPasswordResetView(PasswordResetView):
    form_class = OutboxPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"

    def post(self, request, *args, **kwargs):
        if _reset_throttled(request):
            detail = _("Too many password reset requests. Wait an hour and try again.")
            return render(request, "registration/locked_out.html", {"detail": detail}, status=429)
        return super().post(request, *args, **kwargs)
