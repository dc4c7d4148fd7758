"""The global library as data, and how marking guidelines in force shapes each operation's assessment."""

import pytest

from cmcoord.exceptions import DomainError
from cmcoord.models import AuditEvent, Operation
from guidelines.models import Guideline, OperationGuideline
from guidelines.selectors import criteria_for_operation, guidelines_in_force
from guidelines.services import guideline_mark_in_force, guideline_unmark_in_force

from .conftest import get

ESCORT_CODES = {
    "escort_last_resort",
    "escort_no_alternative",
    "escort_need_and_criticality",
    "escort_responsible_authority",
    "escort_security_assessment",
    "escort_humanitarian_control",
    "escort_sustainable_with_exit",
}


def codes(operation):
    return [v.criterion.code for v in criteria_for_operation(operation)]


def test_the_library_holds_the_global_and_regional_guidelines_with_their_facts(db):
    iasc = get("IASC armed escorts")
    assert (iasc.issuer, iasc.year, iasc.scope, iasc.contexts) == (
        "Inter-Agency Standing Committee (IASC)",
        2013,
        "global",
        "complex_emergency",
    )
    assert {c.code for c in iasc.criteria.all()} == ESCORT_CODES
    assert not iasc.applies_by_default

    handbook = get("UN-CMCoord Field Handbook")
    assert (handbook.issuer, handbook.version, handbook.year, handbook.contexts) == (
        "OCHA",
        "2.0",
        2018,
        "both",
    )
    assert handbook.criteria.count() == 0
    assert handbook.supersedes.version == "1.0"

    madro = get("APC-MADRO")
    assert (madro.scope, madro.region, madro.contexts) == ("regional", "Asia-Pacific", "natural_disaster")
    assert madro.criteria.filter(code="apc_coordination_mechanism").exists()
    assert all(g.is_public and g.summary for g in Guideline.objects.all())


def test_armed_escort_criteria_stay_out_of_assessments_until_the_iasc_guideline_is_marked_in_force(cast):
    complex_op = cast.other_operation
    assert get("IASC armed escorts") not in guidelines_in_force(complex_op)
    assert not ESCORT_CODES & set(codes(complex_op))
    assert not ESCORT_CODES & set(codes(cast.operation))


def test_marking_the_iasc_guideline_in_force_adds_the_escort_criteria_to_the_mcda_ones(cast):
    complex_op = cast.other_operation
    before = codes(complex_op)

    guideline_mark_in_force(
        operation=complex_op, guideline=get("IASC armed escorts"), actor=cast.other_officer
    )

    after = codes(complex_op)
    assert after[: len(before)] == before  # the seven MCDA criteria stay, first
    assert set(after[len(before) :]) == ESCORT_CODES
    marked = set(
        OperationGuideline.objects.filter(operation=complex_op).values_list(
            "guideline__short_name", flat=True
        )
    )
    assert marked == {"MCDA Guidelines", "UN-CMCoord Field Handbook", "IASC armed escorts"}
    events = AuditEvent.objects.filter(operation=complex_op, verb="guideline.mark_in_force")
    assert events.count() == 3
    assert events.filter(actor=cast.other_officer, comment="").count() == 1


def test_marking_apc_madro_gives_its_regional_wording_and_its_own_criterion(cast):
    guideline_mark_in_force(operation=cast.operation, guideline=get("APC-MADRO"), actor=cast.officer)

    versions = {v.criterion.code: v for v in criteria_for_operation(cast.operation)}
    assert versions["consent_no_cost"].criterion.guideline.short_name == "APC-MADRO"
    assert versions["no_civilian_alternative"].criterion.guideline.short_name == "Oslo Guidelines"
    assert "apc_coordination_mechanism" in versions
    assert len(versions) == 7


def test_taking_a_guideline_out_of_force_removes_its_criteria(cast):
    complex_op = cast.other_operation
    iasc = get("IASC armed escorts")
    guideline_mark_in_force(operation=complex_op, guideline=iasc, actor=cast.other_officer)

    guideline_unmark_in_force(operation=complex_op, guideline=iasc, actor=cast.other_officer)

    assert len(codes(complex_op)) == 7
    assert AuditEvent.objects.filter(verb="guideline.unmark_in_force", actor=cast.other_officer).count() == 1


def test_the_last_guideline_in_force_cannot_be_taken_out(cast):
    oslo, handbook = get("Oslo Guidelines"), get("UN-CMCoord Field Handbook")
    guideline_unmark_in_force(operation=cast.operation, guideline=handbook, actor=cast.officer)

    with pytest.raises(DomainError) as refused:
        guideline_unmark_in_force(operation=cast.operation, guideline=oslo, actor=cast.officer)

    assert refused.value.code == "last_guideline_in_force"
    assert len(codes(cast.operation)) == 6


@pytest.mark.parametrize(
    ("short_name", "code"),
    [("IASC armed escorts", "context_mismatch"), ("MCDA Guidelines", "context_mismatch")],
)
def test_a_guideline_for_another_context_cannot_be_in_force(cast, short_name, code):
    with pytest.raises(DomainError) as refused:
        guideline_mark_in_force(operation=cast.operation, guideline=get(short_name), actor=cast.officer)

    assert refused.value.code == code
    assert not OperationGuideline.objects.exists()
    assert not AuditEvent.objects.filter(verb="guideline.mark_in_force").exists()


def test_a_superseded_version_or_another_operations_guideline_cannot_be_in_force(cast, internal):
    old_handbook = Guideline.objects.get(short_name="UN-CMCoord Field Handbook", version="1.0")
    with pytest.raises(DomainError) as superseded:
        guideline_mark_in_force(operation=cast.operation, guideline=old_handbook, actor=cast.officer)
    cast.other_operation.context = Operation.Context.MIXED
    cast.other_operation.save()
    with pytest.raises(DomainError) as other:
        guideline_mark_in_force(operation=cast.other_operation, guideline=internal, actor=cast.other_officer)

    assert (superseded.value.code, other.value.code) == ("superseded", "other_operation")
    assert not OperationGuideline.objects.exists()
