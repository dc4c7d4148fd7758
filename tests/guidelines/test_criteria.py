from cmcoord.models import Operation
from guidelines.selectors import criteria_for_operation
from guidelines.services import criterion_reword


def codes(operation):
    return [v.criterion.code for v in criteria_for_operation(operation)]


def test_a_natural_disaster_takes_the_six_last_resort_criteria(cast):
    assert codes(cast.operation) == [
        "no_civilian_alternative",
        "unique_capability",
        "timeliness",
        "civilian_led",
        "limited_with_exit",
        "consent_no_cost",
    ]
    assert {v.criterion.guideline.short_name for v in criteria_for_operation(cast.operation)} == {
        "Oslo Guidelines"
    }


def test_a_complex_emergency_adds_the_stricter_criterion(cast):
    assert cast.other_operation.context == Operation.Context.COMPLEX_EMERGENCY
    found = codes(cast.other_operation)
    assert len(found) == 7
    assert found[-1] == "no_direct_assistance_neutrality"
    assert {v.criterion.guideline.short_name for v in criteria_for_operation(cast.other_operation)} == {
        "MCDA Guidelines"
    }


def test_a_mixed_operation_takes_each_criterion_once_in_its_stricter_form(cast):
    cast.operation.context = Operation.Context.MIXED
    versions = criteria_for_operation(cast.operation)
    assert len(versions) == 7
    assert {v.criterion.guideline.short_name for v in versions} == {"MCDA Guidelines"}


def test_rewording_a_criterion_writes_a_new_version_and_keeps_the_old(cast):
    first = criteria_for_operation(cast.operation)[0]
    new = criterion_reword(criterion=first.criterion, title="Reworded", text="New text", actor=cast.officer)

    first.refresh_from_db()
    assert (first.title, first.version) == ("No comparable civilian alternative", 1)
    assert new.version == 2
    assert criteria_for_operation(cast.operation)[0] == new
