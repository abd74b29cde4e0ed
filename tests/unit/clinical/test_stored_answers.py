"""The check every stored answer passes (screening/clinical/rules/stored_answers.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from questionnaires import load_instrument
from screening.clinical.rules.stored_answers import check_item_value, check_stored_answer, value_from_columns
from screening.errors import InvalidValue


@pytest.mark.parametrize(
    ("number", "code", "declined", "expected"),
    [
        (2.0, None, False, 2),  # a whole number stored as REAL matches option 2
        (1.72, None, False, 1.72),  # a height keeps its decimals
        (None, "Z", False, "Z"),  # a smoking status code
        (None, None, True, "declined"),
    ],
)
def test_stored_columns_read_back_as_the_answer_the_rules_expect(number, code, declined, expected) -> None:
    value = value_from_columns(number, code, declined)
    assert value == expected and type(value) is type(expected)


def test_an_answer_with_no_value_at_all_is_refused() -> None:
    with pytest.raises(InvalidValue, match="holds no value"):
        value_from_columns(None, None, False)


@pytest.mark.parametrize(
    ("instrument", "item", "value"),
    [
        ("phq9", "phq9_9", 0),  # lowest option
        ("phq9", "phq9_9", 3),  # highest option
        ("phq9", "phq9_9", "declined"),
        ("vital5", "bp_systolic_1", 60),  # plausible systolic 60-300
        ("vital5", "bp_systolic_1", 300),
        ("vital5", "height_m", 0.5),  # plausible height 0.5-2.5 m
        ("vital5", "smoking_status", "1"),
    ],
)
def test_accepted_values_pass(instrument: str, item: str, value: object) -> None:
    check_item_value(load_instrument(instrument), item, value)


@pytest.mark.parametrize(
    ("instrument", "item", "value", "message"),
    [
        ("phq9", "phq9_9", 4, "phq9_9: 4 is not an accepted answer"),  # options stop at 3
        ("phq9", "phq9_9", -1, "phq9_9: -1 is not an accepted answer"),
        ("phq9", "phq9_11", 1, "phq9_11: is not an item of"),
        ("vital5", "bp_systolic_1", 301, "outside the accepted range"),  # above 300 mmHg
        ("vital5", "bp_systolic_1", 59, "outside the accepted range"),  # below 60 mmHg
        ("vital5", "smoking_status", "7", "not an accepted answer"),
    ],
)
def test_values_outside_the_item_are_refused_naming_it(instrument: str, item: str, value: object, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        check_item_value(load_instrument(instrument), item, value)


def test_a_numeric_item_outside_the_vital_5_has_no_range_to_check_and_is_refused() -> None:
    # Only the Vital 5 carries plausible ranges; a numeric item elsewhere is a broken form.
    phq9 = load_instrument("phq9")
    numeric = replace(phq9, items=(replace(phq9.items[0], type="integer"),))
    with pytest.raises(InvalidValue, match="has no measured items"):
        check_item_value(numeric, "phq9_1", 2)


def test_an_unknown_instrument_is_refused_as_an_invalid_value() -> None:
    with pytest.raises(InvalidValue, match="instrument: There is no instrument 'phq99'"):
        check_stored_answer("phq99", "phq99_1", value_number=1, value_code=None, declined=False)


def test_a_stored_answer_is_checked_against_its_instrument() -> None:
    check_stored_answer("gad7", "gad7_1", value_number=3.0, value_code=None, declined=False)
    with pytest.raises(InvalidValue, match="gad7_1"):
        check_stored_answer("gad7", "gad7_1", value_number=3.5, value_code=None, declined=False)
