"""Clinic blood pressure (clinical reference, section 5; NICE NG136)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.vital5 import blood_pressure
from screening.errors import InvalidValue, ScreeningError


@pytest.mark.parametrize(
    ("systolic", "diastolic", "category"),
    [
        (139, 89, "normal"),  # 139 < 140 and 89 < 90
        (140, 89, "raised"),  # systolic 140 >= 140
        (139, 90, "raised"),  # diastolic 90 >= 90
        (140, 90, "raised"),  # both at 140/90
        (179, 119, "raised"),  # 179 < 180 and 119 < 120: raised, not severe
        (180, 119, "severe"),  # systolic 180 >= 180
        (179, 120, "severe"),  # diastolic 120 >= 120
        (180, 120, "severe"),  # both at 180/120
        (179, 115, "raised"),  # 115 >= 110 was severe only under the superseded 2011 figure
    ],
)
def test_each_blood_pressure_boundary_gives_the_reference_category(
    systolic: int, diastolic: int, category: str
) -> None:
    result = blood_pressure([(systolic, diastolic)])
    assert (result.systolic, result.diastolic, result.category) == (systolic, diastolic, category)


@pytest.mark.parametrize(
    ("readings", "recorded"),
    [
        ([(150, 80)], (150, 80)),  # one reading is recorded as it is
        ([(150, 85), (142, 88)], (142, 88)),  # the lower of the two
        ([(200, 110), (150, 85), (145, 92)], (145, 92)),  # the first of three is not used
        ([(150, 80), (130, 95)], (130, 95)),  # whole readings: never the mixed 130/80
        ([(140, 95), (140, 85)], (140, 85)),  # same systolic: the lower diastolic decides
    ],
)
def test_the_recorded_value_is_the_lower_of_the_last_two_readings(
    readings: list[tuple[int, int]], recorded: tuple[int, int]
) -> None:
    result = blood_pressure(readings)
    assert (result.systolic, result.diastolic) == recorded
    assert result.readings == tuple(readings)


def test_a_severe_first_reading_is_not_recorded_when_two_later_readings_follow() -> None:
    # 200/110 then 150/85 and 145/92: recorded 145/92, raised (diastolic 92 >= 90), not severe
    assert blood_pressure([(200, 110), (150, 85), (145, 92)]).category == "raised"


def test_mixing_systolic_and_diastolic_from_different_readings_would_hide_a_raised_pressure() -> None:
    # the component-wise minimum of 150/80 and 130/95 is 130/80 (normal); the reading 130/95 is raised
    assert blood_pressure([(150, 80), (130, 95)]).category == "raised"


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        ((59, 40), "Systolic blood pressure, reading 1: 59 mmHg is outside the accepted range (60 to 300 mmHg)"),
        ((301, 90), "Systolic blood pressure, reading 1: 301 mmHg is outside the accepted range (60 to 300 mmHg)"),
        ((120, 29), "Diastolic blood pressure, reading 1: 29 mmHg is outside the accepted range (30 to 200 mmHg)"),
        ((250, 201), "Diastolic blood pressure, reading 1: 201 mmHg is outside the accepted range (30 to 200 mmHg)"),
        ((120.5, 80), "Systolic blood pressure, reading 1: 120.5 is not a whole number; enter 60 to 300 mmHg"),
        ((True, 80), "Systolic blood pressure, reading 1: True is not a whole number"),
        (("120", 80), "Systolic blood pressure, reading 1: '120' is not a whole number"),
        ((80, 80), "Blood pressure reading 1: systolic 80 must be higher than diastolic 80"),
        ((80, 120), "Blood pressure reading 1: systolic 80 must be higher than diastolic 120; check they were "
                    "not entered the wrong way round"),
        ((120,), "Blood pressure reading 1: must be a pair (systolic, diastolic)"),
        ("120/80", "Blood pressure reading 1: must be a pair (systolic, diastolic)"),
    ],
)  # fmt: skip
def test_an_implausible_reading_is_refused_saying_which_value_and_the_accepted_range(
    reading: object, message: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        blood_pressure([reading])  # type: ignore[list-item]
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("reading", [(60, 30), (300, 200)])
def test_the_ends_of_the_plausible_range_are_accepted(reading: tuple[int, int]) -> None:
    assert blood_pressure([reading]).systolic == reading[0]


def test_an_error_in_a_later_reading_names_that_reading() -> None:
    with pytest.raises(InvalidValue, match=r"^Diastolic blood pressure, reading 2: 20 mmHg"):
        blood_pressure([(120, 80), (120, 20)])


@pytest.mark.parametrize("readings", [[], [(120, 80)] * 4, "120/80", None])
def test_between_one_and_three_readings_are_accepted(readings: object) -> None:
    with pytest.raises(ScreeningError, match="enter 1 to 3 readings"):
        blood_pressure(readings)  # type: ignore[arg-type]
