"""Receivers: a locked-out owner is told, a deactivated user loses their tokens, a login starts the clock."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import services
from .sessions import touch


@receiver(user_locked_out)
def _tell_owner_of_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    if username:
        services.lockout_notify_owner(username=username, ip_address=ip_address)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _remember_was_active(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and "is_active" not in update_fields:
        return
    if instance.pk and not instance._state.adding and not instance.is_active:
        instance._was_active = (
            sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _deactivated_user_loses_tokens(sender, instance, created, **kwargs):
    if not created and not instance.is_active and getattr(instance, "_was_active", False):
        services.deactivated_user_tokens_revoke(user=instance)


@receiver(user_logged_in)
def _start_idle_clock(sender, request=None, user=None, **kwargs):
    if request is not None and hasattr(request, "session"):
        touch(request.session)
