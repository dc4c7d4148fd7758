"""Writes of the guidelines library."""

from django.db import transaction

from cmcoord.models import User
from cmcoord.services import audit_record

from .models import Criterion, CriterionVersion


@transaction.atomic
def criterion_reword(*, criterion: Criterion, title: str, text: str, actor: User | None) -> CriterionVersion:
    """Give a criterion new wording as its next version; assessments keep the version they answered."""
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    last = criterion.versions.order_by("-version").first()
    version = CriterionVersion.objects.create(
        criterion=criterion,
        version=(last.version + 1) if last else 1,
        title=title,
        text=text,
        created_by=actor,
    )
    old = criterion.current_id
    criterion.current = version
    criterion.save(update_fields=["current"])
    audit_record(
        actor=actor,
        operation=criterion.guideline.operation,
        obj=criterion,
        verb="criterion.reword",
        from_state=str(old or ""),
        to_state=str(version.pk),
    )
    return version
