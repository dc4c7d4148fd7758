"""Where capabilities plugs into the requests app without requests importing it: the ranked assets on the
tasking page, the asset named when the officer tasks, and the commitment that follows the task."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cmcoord.exceptions import DomainError
from cmcoord.registry import Section

from . import permissions, selectors, services
from .models import Asset

RELEASING_ACTIONS = {"complete": "completed", "decline": "declined", "cancel": "cancelled"}


def tasking_section(request, rfa) -> Section | None:
    """The ranked assets for the request, for the officer who tasks it."""
    if not permissions.can_match(request.user, rfa.operation):
        return None
    need, matches = selectors.matches_for(rfa, with_need=True)
    chosen = request.POST.get("asset") or request.GET.get("asset")
    chosen_match = next((m for m in matches if str(m.asset.pk) == chosen), None)
    return Section(
        template="capabilities/_matching.html",
        context={"rfa": rfa, "need": need, "matches": matches, "chosen": chosen_match},
    )


def after_task_create(request, task) -> None:
    """The officer tasked the force with the asset chosen from the ranked list: name it for the task."""
    pk = request.POST.get("asset")
    if not pk:
        return
    asset = Asset.objects.filter(pk=pk, operation_id=task.request.operation_id).first()
    if asset is None:
        messages.warning(request, _("The chosen asset is no longer on record; the task names no asset."))
        return
    try:
        services.assignment_propose(task=task, asset=asset, actor=request.user)
    except (ValidationError, DomainError) as error:
        text = error.message if isinstance(error, DomainError) else " ".join(error.messages)
        messages.warning(request, _("The task names no asset: %(why)s") % {"why": text})


def on_task_moved(sender, *, task, action, actor, **kwargs) -> None:
    """Accepting a task commits its asset for the task's window; completion, a decline or a cancellation
    frees it. Runs inside the task's transaction."""
    if action == "accept":
        services.assignment_commit(task=task, actor=actor)
    elif action in RELEASING_ACTIONS:
        services.assignment_release(task=task, actor=actor, why=RELEASING_ACTIONS[action])
