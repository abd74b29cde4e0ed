"""The staff Vital 5 form's values: whole readings in order, plausible ranges said in words (s5)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.vital5_entry import CONFIRM_LABEL, VITAL5_ITEMS, vital5_answers
from screening.errors import InvalidValue

EMPTY = [(None, None)] * 3


def test_every_item_comes_back_and_empty_fields_are_none() -> None:
    answers = vital5_answers([(150.0, 95), (144, 92), (None, None)], 1.7, 81.0, "1")
    assert set(answers) == set(VITAL5_ITEMS)
    assert answers["bp_systolic_1"] == 150 and type(answers["bp_systolic_1"]) is int  # 150.0 taken as 150
    assert (answers["bp_systolic_3"], answers["bp_diastolic_3"]) == (None, None)
    assert (answers["height_m"], answers["weight_kg"], answers["smoking_status"]) == (1.7, 81.0, "1")


def test_an_empty_form_records_nothing() -> None:
    assert set(vital5_answers(EMPTY, None, None, None).values()) == {None}


@pytest.mark.parametrize("reading", [(150, None), (None, 95)])
def test_half_a_reading_is_refused(reading: tuple) -> None:
    with pytest.raises(InvalidValue, match="Blood pressure reading 2: enter both the systolic and the diastolic"):
        vital5_answers([(150, 95), reading], None, None, None)


def test_a_third_reading_without_a_second_is_refused() -> None:
    # The recorded value is the lower of the last two (s5): a gap would change which two.
    with pytest.raises(InvalidValue, match="Blood pressure reading 3: enter reading 2 first"):
        vital5_answers([(150, 95), (None, None), (140, 90)], None, None, None)


@pytest.mark.parametrize(
    ("readings", "height", "weight", "message"),
    [
        (
            [(301, 95)],
            None,
            None,
            r"Systolic blood pressure, reading 1: 301 mmHg is outside the accepted range \(60 to 300 mmHg\)",
        ),
        (
            [(150, 29)],
            None,
            None,
            r"Diastolic blood pressure, reading 1: 29 mmHg is outside the accepted range \(30 to 200 mmHg\)",
        ),
        ([(90, 95)], None, None, "systolic 90 must be higher than diastolic 95"),
        ([(142.5, 90)], None, None, r"142.5 is not a whole number; enter 60 to 300 mmHg"),
        ([], 2.6, None, r"Height: 2.6 m is outside the accepted range \(0.5 to 2.5 m\)"),
        ([], None, 401.0, r"Weight: 401 kg is outside the accepted range \(2 to 400 kg\)"),
    ],
)
def test_an_implausible_value_is_refused_with_the_accepted_range(readings, height, weight, message) -> None:
    with pytest.raises(InvalidValue, match=message):
        vital5_answers(readings, height, weight, None)


def test_an_unknown_smoking_code_is_refused_with_the_codes() -> None:
    with pytest.raises(InvalidValue, match="Smoking status: '7' is not a SMOKING STATUS CODE; use one of 1"):
        vital5_answers([], None, None, "7")


def test_more_than_three_readings_are_refused() -> None:
    with pytest.raises(InvalidValue, match="at most 3 readings"):
        vital5_answers([(150, 95)] * 4, None, None, None)


@pytest.mark.parametrize(
    ("height", "weight", "bmi", "side"),
    [
        (2.0, 47.6, "11.9", "under 12"),  # 47.6 / 2.0^2 = 11.9
        (2.0, 280.4, "70.1", "over 70"),  # 280.4 / 4 = 70.1
        (2.0, 40.0, "10.0", "under 12"),  # 40 / 4 = 10.0: plausible, but unusual
    ],
)
def test_a_bmi_under_12_or_over_70_is_refused_until_staff_confirm_it(height, weight, bmi, side) -> None:
    with pytest.raises(InvalidValue) as raised:
        vital5_answers([], height, weight, None)
    assert str(raised.value) == (
        f'BMI: {bmi} is {side}. Check the height and weight; if they are right, tick "{CONFIRM_LABEL}" and save again.'
    )
    confirmed = vital5_answers([], height, weight, None, bmi_confirmed=True)
    assert (confirmed["height_m"], confirmed["weight_kg"]) == (height, weight)


@pytest.mark.parametrize("weight", [48.0, 280.0])  # 48 / 2.0^2 = 12.0 and 280 / 4 = 70.0: the ends themselves
def test_a_bmi_of_exactly_12_or_70_is_stored_without_confirmation(weight: float) -> None:
    assert vital5_answers([], 2.0, weight, None)["weight_kg"] == weight


@pytest.mark.parametrize("weight", [39.6, 400.0])  # 39.6 / 2.0^2 = 9.9; 400 / 1.9^2 = 110.8
def test_an_implausible_bmi_is_refused_even_when_confirmed(weight: float) -> None:
    height = 2.0 if weight < 100 else 1.9
    with pytest.raises(InvalidValue, match=r"^BMI: height .* give a BMI of .*, outside the accepted 10 to 100"):
        vital5_answers([], height, weight, None, bmi_confirmed=True)


def test_height_or_weight_alone_needs_no_bmi_check() -> None:
    assert vital5_answers([], 2.0, None, None)["height_m"] == 2.0
    assert vital5_answers([], None, 2.0, None)["weight_kg"] == 2.0  # 2 kg alone is plausible (s5)
