"""The HCT decision: the procedure a request is put to the HCT by, members' responses, and decisions.

A procedure's state changes only through requests/services/, checked against requests/lifecycle.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.limits import TEXT_MAX_LENGTH
from cmcoord.models import AppendOnlyModel, AppendOnlyQuerySet

from .meetings import Meeting
from .rfa import AssistanceRequest


class HctReferral(models.Model):
    """A request put to the HCT: by a meeting, or by written ("silence") procedure with a deadline.

    For a written procedure it carries the proposal circulated to the HCT members; with no objection by the
    deadline the proposal is adopted (requests/tasks.py). An objection breaks silence: the matter goes to a
    meeting and the HC records the outcome.
    """

    class Procedure(models.TextChoices):
        MEETING = "meeting", _("HCT meeting")
        WRITTEN = "written", _("Written procedure")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        OBJECTED = "objected", _("Silence broken: for a meeting")
        CLOSED = "closed", _("Closed")

    request = models.ForeignKey(AssistanceRequest, on_delete=models.PROTECT, related_name="referrals")
    procedure = models.CharField(max_length=10, choices=Procedure.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN, editable=False)
    deadline = models.DateTimeField(null=True, blank=True, help_text=_("Written procedure: responses until."))
    proposed_outcome = models.CharField(max_length=30, blank=True)
    proposed_conditions = models.JSONField(default=list, blank=True)
    proposed_valid_from = models.DateField(null=True, blank=True)
    proposed_valid_until = models.DateField(null=True, blank=True)
    proposal = models.TextField(
        max_length=TEXT_MAX_LENGTH, blank=True, help_text=_("The proposal as circulated: what and why.")
    )
    direct_justification = models.TextField(
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Direct assistance by the military in a complex emergency: why the officer puts it to the HCT "
            "nonetheless (the HCT reads it)."
        ),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda",
        help_text=_("The HCT meeting whose agenda the request is on."),
    )
    warnings_note = models.TextField(
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Criteria answered “not met” or “unclear”: why the officer puts the request to the HCT "
            "nonetheless (the HCT reads it)."
        ),
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["request", "opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(procedure__in=["meeting", "written"]), name="referral_procedure_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "objected", "closed"]), name="referral_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(procedure="written") | (Q(deadline__isnull=False) & ~Q(proposed_outcome="")),
                name="referral_written_has_deadline_and_proposal",
            ),
            models.CheckConstraint(
                condition=Q(state="closed") | Q(closed_at__isnull=True), name="referral_closed_at_when_closed"
            ),
            # At most one referral of a request is still running.
            models.UniqueConstraint(
                fields=["request"], condition=~Q(state="closed"), name="referral_one_running_per_request"
            ),
        ]
        indexes = [
            # The adoption sweep: written procedures still open whose deadline has passed.
            models.Index(
                fields=["deadline"],
                condition=Q(state="open", procedure="written"),
                name="referral_open_written_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.get_procedure_display()}"

    @property
    def proposed_outcome_label(self) -> str:
        return dict(DecisionOutcome.choices).get(self.proposed_outcome, self.proposed_outcome)

    def audit_data(self) -> dict:
        """What the audit log records of the procedure when it opens."""
        return {
            "referral": self.pk,
            "procedure": self.procedure,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "proposed_outcome": self.proposed_outcome,
            "meeting": self.meeting_id,
            "warnings_note": self.warnings_note,
        }


class HctResponse(AppendOnlyModel):
    """One HCT member's response in a written procedure: agree or object, with a comment. One per member.

    Append-only: the database refuses UPDATE and DELETE (migration 0003), and so do the model and queryset.
    """

    append_only_hint = _("A response is given once and stays on record.")

    class Position(models.TextChoices):
        AGREE = "agree", _("Agree")
        OBJECT = "object", _("Object")

    referral = models.ForeignKey(HctReferral, on_delete=models.PROTECT, related_name="responses")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(max_length=10, choices=Position.choices)
    comment = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    responded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "responded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "member"], name="hct_response_one_per_member"),
            models.CheckConstraint(
                condition=Q(position__in=["agree", "object"]), name="hct_response_position_valid"
            ),
            models.CheckConstraint(
                condition=Q(position="agree") | ~Q(comment=""), name="hct_response_objection_has_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.position}s ({self.referral})"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


APPROVALS = (DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CONDITIONS)


class Decision(AppendOnlyModel):
    """The HCT's decision on a request, as recorded by the HC (or an officer on the HC's behalf).

    Never edited: a later decision supersedes it and both stay on record. The database refuses UPDATE and
    DELETE (migration 0003), and so do the model and its queryset.
    """

    append_only_hint = _("Record a new decision that supersedes this one.")

    Outcome = DecisionOutcome

    class Procedure(models.TextChoices):
        MEETING = "meeting", _("HCT meeting")
        WRITTEN = "written", _("Written procedure (closed by the HC)")
        SILENCE = "silence", _("Written procedure: adopted by silence")

    request = models.ForeignKey(AssistanceRequest, on_delete=models.PROTECT, related_name="decisions")
    referral = models.ForeignKey(
        HctReferral, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    outcome = models.CharField(max_length=30, choices=DecisionOutcome.choices)
    conditions = models.JSONField(default=list, blank=True, help_text=_("One condition per item."))
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    rationale = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    guidelines = models.ManyToManyField("guidelines.Guideline", blank=True, related_name="decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when adopted by silence (the system)."),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The HC, when an officer records the decision for them."),
    )
    procedure = models.CharField(max_length=10, choices=Procedure.choices)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("The HCT meeting where it was decided."),
    )
    present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", help_text=_("Those present at the meeting.")
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    direct_assistance_confirmed = models.BooleanField(
        default=False,
        help_text=_(
            "Direct assistance by the military in a complex emergency: the HC confirmed this approval "
            "explicitly."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["request", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=DecisionOutcome.values), name="decision_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(procedure__in=["meeting", "written", "silence"]), name="decision_procedure_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["approved", "approved_with_conditions"])
                | Q(valid_from__isnull=False, valid_until__isnull=False, valid_until__gte=F("valid_from")),
                name="decision_approval_validity_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="approved_with_conditions") | ~Q(conditions=[]),
                name="decision_conditions_listed",
            ),
            models.CheckConstraint(
                condition=Q(procedure="silence") | Q(decided_by__isnull=False),
                name="decision_has_author_unless_silence",
            ),
        ]

    def __str__(self) -> str:
        # The operation's record keeps this name as written: the outcome, a label in the writer's language,
        # is its event's new state there (shown in the reader's).
        return self.request.reference

    @property
    def is_approval(self) -> bool:
        return self.outcome in APPROVALS
