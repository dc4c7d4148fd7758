from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _


class OtpForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code of your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class TokenNameForm(forms.Form):
    name = forms.CharField(label=_("Device name"), max_length=100)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset form, its email queued in the outbox (kept and retried, never lost)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from .services import TOKEN_PLACEHOLDER, password_reset_email_queue

        context = {**context, "token": TOKEN_PLACEHOLDER}
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        password_reset_email_queue(user=context["user"], subject=subject, text=text, html=html)
