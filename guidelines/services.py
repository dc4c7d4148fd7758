"""Writes of the guidelines library. Each runs in one transaction and writes its audit event in it."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import DomainError
from cmcoord.models import Operation, User
from cmcoord.services import audit_record, ensure_operation_open

from .models import (
    Contexts,
    Criterion,
    CriterionVersion,
    Guideline,
    OperationGuideline,
    contexts_for_operation,
)
from .selectors import guidelines_in_force


def _ensure_current(guideline: Guideline) -> None:
    if Guideline.objects.filter(supersedes=guideline).exists():
        raise DomainError(
            _("This version is superseded and kept on record as it was; write in the current version."),
            code="superseded",
        )


@transaction.atomic
def criterion_add(
    *,
    guideline: Guideline,
    actor: User | None,
    code: str,
    number: str,
    title: str,
    text: str,
    contexts: str = Contexts.BOTH,
) -> Criterion:
    """Add a criterion to the current version of a guideline (after its others); in force, it joins the
    last-resort assessment of the requests assessed from now on."""
    guideline = Guideline.objects.select_for_update().get(pk=guideline.pk)
    _ensure_current(guideline)
    if guideline.criteria.filter(code=code).exists():
        raise ValidationError({"code": [_("This guideline already has a criterion with this code.")]})
    last = guideline.criteria.order_by("-order").first()
    criterion = Criterion.objects.create(
        guideline=guideline,
        code=code,
        number=number,
        order=(last.order + 1) if last else 1,
        contexts=contexts,
    )
    criterion.current = CriterionVersion.objects.create(
        criterion=criterion, version=1, title=title, text=text, created_by=actor
    )
    criterion.save(update_fields=["current"])
    audit_record(
        actor=actor,
        operation=guideline.operation,
        obj=criterion,
        verb="criterion.add",
        to_state=str(criterion.current.pk),
        data={"guideline": guideline.pk, "code": code},
    )
    return criterion


@transaction.atomic
def criterion_reword(*, criterion: Criterion, title: str, text: str, actor: User | None) -> CriterionVersion:
    """Give a criterion new wording as its next version; assessments keep the version they answered."""
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    _ensure_current(criterion.guideline)
    current = criterion.current
    if current is not None and (current.title, current.text) == (title, text):
        raise DomainError(_("This is the criterion's current wording: nothing changed."), code="unchanged")
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


@transaction.atomic
def guideline_publish_version(
    *,
    guideline: Guideline,
    actor: User | None,
    version: str,
    year: int,
    title: str = "",
    summary: str = "",
    url: str = "",
    document: UploadedFile | None = None,
) -> Guideline:
    """Publish a new version of a guideline that supersedes it.

    The old version stays readable, marked superseded, with its criteria (past assessments point at them).
    The new one copies the facts not given, the visibility (scope, operation, public or not) and the current
    wording of each criterion as new criteria; the operations that had the old version in force get the new.
    """
    old = Guideline.objects.select_for_update().get(pk=guideline.pk)
    ensure_operation_open(old.operation_id)  # before a document is stored (a global guideline has none)
    if Guideline.objects.filter(supersedes=old).exists():
        raise DomainError(
            _("This version is already superseded; publish from the latest."), code="superseded"
        )
    new = Guideline.objects.create(
        title=title or old.title,
        short_name=old.short_name,
        issuer=old.issuer,
        year=year,
        scope=old.scope,
        region=old.region,
        operation=old.operation,
        contexts=old.contexts,
        summary=summary or old.summary,
        url=url if (url or document) else old.url,
        version=version,
        supersedes=old,
        is_public=old.is_public,
        precedence=old.precedence,
        applies_by_default=old.applies_by_default,
    )
    if document is not None:
        new.document.save(document.name or "document", document, save=True)
    elif not url and old.document:
        new.document.name = old.document.name
        new.save(update_fields=["document"])
    for criterion in old.criteria.select_related("current").order_by("order", "pk"):
        copy = Criterion.objects.create(
            guideline=new,
            code=criterion.code,
            number=criterion.number,
            order=criterion.order,
            contexts=criterion.contexts,
        )
        if criterion.current is not None:
            copy.current = CriterionVersion.objects.create(
                criterion=copy,
                version=1,
                title=criterion.current.title,
                text=criterion.current.text,
                created_by=actor,
            )
            copy.save(update_fields=["current"])
    moved = OperationGuideline.objects.filter(guideline=old).update(guideline=new)
    audit_record(
        actor=actor,
        operation=old.operation,
        obj=new,
        verb="guideline.publish_version",
        from_state=old.version[:40],
        to_state=new.version[:40],
        data={"supersedes": old.pk, "operations_moved": moved},
    )
    return new


def _check_can_be_in_force(operation: Operation, guideline: Guideline) -> None:
    if guideline.is_superseded:
        raise DomainError(
            _("A superseded version cannot be in force; choose the current one."), code="superseded"
        )
    if guideline.operation_id not in (None, operation.pk):
        raise DomainError(_("This is another operation's country guideline."), code="other_operation")
    if guideline.contexts not in contexts_for_operation(operation):
        raise DomainError(
            _("%(name)s applies to “%(contexts)s”, not to this operation's context (“%(context)s”).")
            % {
                "name": guideline.short_name,
                "contexts": guideline.get_contexts_display(),
                "context": operation.get_context_display(),
            },
            code="context_mismatch",
        )


def _keep_defaults(operation: Operation, actor: User | None) -> None:
    """Before the first explicit choice, record the defaults as chosen, so that marking one more guideline
    adds it to what was in force instead of replacing everything with it."""
    if operation.guidelines_in_force.exists():
        return
    for guideline in guidelines_in_force(operation):
        row = OperationGuideline.objects.create(operation=operation, guideline=guideline, added_by=actor)
        audit_record(
            actor=actor,
            operation=operation,
            obj=row,
            verb="guideline.mark_in_force",
            to_state="in_force",
            comment="In force by default until now; kept.",
            data={"guideline": guideline.pk},
        )


@transaction.atomic
def guideline_mark_in_force(
    *, operation: Operation, guideline: Guideline, actor: User | None
) -> OperationGuideline:
    """Mark a guideline in force for an operation: its criteria join the operation's assessments."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    guideline = Guideline.objects.select_related("superseded_by").get(pk=guideline.pk)
    _check_can_be_in_force(operation, guideline)
    _keep_defaults(operation, actor)
    row = OperationGuideline.objects.filter(operation=operation, guideline=guideline).first()
    if row is not None:
        return row
    row = OperationGuideline.objects.create(operation=operation, guideline=guideline, added_by=actor)
    audit_record(
        actor=actor,
        operation=operation,
        obj=row,
        verb="guideline.mark_in_force",
        to_state="in_force",
        data={"guideline": guideline.pk},
    )
    return row


@transaction.atomic
def guideline_unmark_in_force(*, operation: Operation, guideline: Guideline, actor: User | None) -> None:
    """Take a guideline out of force for an operation. The last one cannot go: assessments need criteria."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    _keep_defaults(operation, actor)
    row = OperationGuideline.objects.filter(operation=operation, guideline=guideline).first()
    if row is None:
        raise DomainError(_("This guideline is not in force for the operation."), code="not_in_force")
    if not operation.guidelines_in_force.exclude(pk=row.pk).exists():
        raise DomainError(
            _(
                "At least one guideline must stay in force: the last-resort assessment takes its criteria "
                "from it."
            ),
            code="last_guideline_in_force",
        )
    audit_record(
        actor=actor,
        operation=operation,
        obj=row,
        verb="guideline.unmark_in_force",
        from_state="in_force",
        data={"guideline": guideline.pk},
    )
    row.delete()


@transaction.atomic
def country_guideline_add(
    *,
    operation: Operation,
    actor: User | None,
    title: str,
    short_name: str,
    issuer: str,
    year: int,
    contexts: str,
    summary: str = "",
    version: str = "",
    url: str = "",
    document: UploadedFile | None = None,
    is_public: bool = False,
    in_force: bool = True,
) -> Guideline:
    """Add a country-specific guideline written by the operation's HCT (internal unless made public), and
    mark it in force unless asked not to."""
    if not url and document is None:
        raise DomainError(_("Give the document or a link to it."), code="no_document")
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    ensure_operation_open(operation)  # before the document is stored
    if not in_force:
        # Freeze what is in force now, so the operation's own new guideline is not in force by default.
        _keep_defaults(operation, actor)
    guideline = Guideline(
        title=title,
        short_name=short_name,
        issuer=issuer,
        year=year,
        scope=Guideline.Scope.COUNTRY,
        operation=operation,
        contexts=contexts,
        summary=summary,
        version=version,
        url=url,
        is_public=is_public,
    )
    if document is not None:
        guideline.document.save(document.name or "document", document, save=False)
    guideline.save()
    audit_record(
        actor=actor,
        operation=operation,
        obj=guideline,
        verb="guideline.add",
        to_state="public" if is_public else "hct_internal",
    )
    if in_force:
        guideline_mark_in_force(operation=operation, guideline=guideline, actor=actor)
    return guideline
