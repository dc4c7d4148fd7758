"""The names of the verbs requests records in the audit log, for people (registered in apps.py; read through
cmcoord.registry.verb_label by a request's timeline and the operation's record). A phrase follows who did
it; the moves of lifecycle.ACTIONS are recorded as request.<action>, those of lifecycle.TASK as
task.<action>."""

from django.utils.translation import gettext_lazy as _

_ACCEPTED = _("accepted the task")
_DECLINED = _("declined the task")
_STARTED = _("started the task")
_COMPLETED = _("reported the task complete")
_PROCEDURE_CLOSED = _("closed the HCT procedure")

VERBS = {
    # The request (lifecycle.ACTIONS: request.<action>) and what is written on it.
    "request.create": _("logged the request"),
    "request.update": _("edited the request"),
    "request.copy": _("created it as a copy"),
    "request.assess": _("answered the assessment"),
    "request.comment": _("posted an internal comment"),
    "request.attach": _("attached a file"),
    "request.submit": _("submitted"),
    "request.start_review": _("started the review"),
    "request.return_to_requester": _("returned it to the requester"),
    "request.put_to_hct": _("put it to the HCT"),
    "request.withdraw": _("withdrew it"),
    "request.cancel": _("cancelled it"),
    "request.approve": _("recorded the approval"),
    "request.reject": _("recorded the rejection"),
    "request.defer": _("recorded a deferral"),
    "request.expire": _("expired the approval (its validity ended)"),
    "request.task": _("tasked the military"),
    "request.accept": _ACCEPTED,
    "request.decline": _DECLINED,
    "request.start": _STARTED,
    "request.complete": _COMPLETED,
    # The HCT procedure, its meetings and its decision.
    "hct.refer": _("opened the HCT procedure"),
    "hct.agree": _("agreed (written procedure)"),
    "hct.object": _("objected (written procedure)"),
    "hct.silence_broken": _("broke silence: the matter goes to a meeting"),
    "hct.adopted_by_silence": _("adopted the proposal by silence"),
    "hct.procedure_closed": _PROCEDURE_CLOSED,
    "hct.agenda": _("put it on the agenda of an HCT meeting"),
    "referral.close": _PROCEDURE_CLOSED,
    "decision.record": _("recorded the HCT decision"),
    "meeting.schedule": _("scheduled the HCT meeting"),
    "meeting.update": _("edited the HCT meeting"),
    "meeting.cancel": _("cancelled the HCT meeting"),
    "meeting.attendance": _("recorded who attended"),
    "meeting.minutes": _("recorded the minutes"),
    # The task of the military (lifecycle.TASK: task.<action>).
    "task.create": _("created the task"),
    "task.accept": _ACCEPTED,
    "task.decline": _DECLINED,
    "task.start": _STARTED,
    "task.complete": _COMPLETED,
    "task.cancel": _("cancelled the task"),
    "task.report": _("reported progress"),
    "task.acknowledge": _("acknowledged the approval in force"),
    "task.approval_expired": _("flagged the task: its approval has expired"),
    # Exports of the requests.
    "export.started": _("asked for an export"),
    "export.stalled": _("found the export stalled"),
}
