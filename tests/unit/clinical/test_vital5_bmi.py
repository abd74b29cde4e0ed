"""BMI and its thresholds by ethnicity (clinical reference, section 5; NICE NG246).

Most cases use a height of 2.0 m, so BMI = weight / 4 exactly.
"""

from __future__ import annotations

import math

import pytest

from screening.clinical.rules.clinical_config import ClinicalConfig
from screening.clinical.rules.codes import ETHNIC_CATEGORIES
from screening.clinical.rules.vital5 import bmi, bmi_category, bmi_needs_confirmation, bmi_value, measure
from screening.errors import InvalidValue

LOWER = "DEFHJKLRMNP"  # the DECISION's codes for the lower thresholds (s5 v2: D, E, F added)


@pytest.mark.parametrize(
    ("weight", "ethnic", "value", "category"),
    [
        # standard thresholds (White British, A)
        (73.6, "A", 18.4, "underweight"),  # 73.6 / 2.0^2 = 18.4 < 18.5
        (74.0, "A", 18.5, "healthy"),  # 74 / 4 = 18.5
        (99.6, "A", 24.9, "healthy"),  # 99.6 / 4 = 24.9
        (100.0, "A", 25.0, "overweight"),  # 100 / 4 = 25.0
        (119.6, "A", 29.9, "overweight"),  # 119.6 / 4 = 29.9
        (120.0, "A", 30.0, "obesity class 1"),  # 120 / 4 = 30.0
        (139.6, "A", 34.9, "obesity class 1"),  # 139.6 / 4 = 34.9
        (140.0, "A", 35.0, "obesity class 2"),  # 140 / 4 = 35.0
        (159.6, "A", 39.9, "obesity class 2"),  # 159.6 / 4 = 39.9
        (160.0, "A", 40.0, "obesity class 3"),  # 160 / 4 = 40.0
        # lower thresholds (Indian, H): overweight from 23, obesity from 27.5
        (73.6, "H", 18.4, "underweight"),  # 18.4: the underweight threshold does not move
        (91.6, "H", 22.9, "healthy"),  # 91.6 / 4 = 22.9
        (92.0, "H", 23.0, "overweight"),  # 92 / 4 = 23.0
        (109.6, "H", 27.4, "overweight"),  # 109.6 / 4 = 27.4
        (110.0, "H", 27.5, "obesity class 1"),  # 110 / 4 = 27.5
        (129.6, "H", 32.4, "obesity class 1"),  # 129.6 / 4 = 32.4
        (130.0, "H", 32.5, "obesity class 2"),  # 130 / 4 = 32.5
        (149.6, "H", 37.4, "obesity class 2"),  # 149.6 / 4 = 37.4
        (150.0, "H", 37.5, "obesity class 3"),  # 150 / 4 = 37.5
        # the same BMIs on the standard thresholds
        (92.0, "A", 23.0, "healthy"),  # 23.0 < 25
        (110.0, "A", 27.5, "overweight"),  # 27.5 < 30
    ],
)
def test_each_bmi_boundary_gives_the_category_for_the_ethnic_group(
    weight: float, ethnic: str, value: float, category: str
) -> None:
    result = bmi(2.0, weight, ethnic)
    assert (result.bmi, result.category) == (value, category)
    assert result.lower_thresholds is (ethnic in LOWER)


@pytest.mark.parametrize("ethnic", list(ETHNIC_CATEGORIES))
def test_the_lower_thresholds_apply_to_exactly_the_ethnic_codes_the_reference_names(ethnic: str) -> None:
    result = bmi(2.0, 92.0, ethnic)  # 92 / 4 = 23.0
    expected = "overweight" if ethnic in LOWER else "healthy"
    assert (result.category, result.lower_thresholds) == (expected, ethnic in LOWER)


def test_a_clinic_may_configure_another_ethnic_code_to_use_the_lower_thresholds() -> None:
    config = ClinicalConfig(bmi_lower_threshold_ethnic_codes=frozenset(LOWER + "S"))
    assert bmi(2.0, 92.0, "S", config=config).category == "overweight"  # 23.0 on the lower scale


@pytest.mark.parametrize(
    ("height", "weight", "value"),
    [
        (1.7, 70.0, 24.2),  # 70 / 2.89 = 24.221...
        (2.0, 99.8, 25.0),  # 99.8 / 4 = 24.95: half rounds up, to 25.0
        (2.0, 99.76, 24.9),  # 99.76 / 4 = 24.94: rounds down
        (1.5, 56.25, 25.0),  # 56.25 / 2.25 = 25 exactly
        (1.6, 90, 35.2),  # 90 / 2.56 = 35.156...
    ],
)
def test_bmi_is_weight_over_height_squared_to_one_decimal_half_up(height: float, weight: float, value: float) -> None:
    assert bmi_value(height, weight) == value


def test_the_category_follows_the_rounded_bmi_staff_see() -> None:
    result = bmi(2.0, 99.8, "A")  # 24.95 -> shown as 25.0, so overweight (not healthy)
    assert (result.bmi, result.category) == (25.0, "overweight")


def test_bmi_category_can_be_asked_of_any_one_decimal_value() -> None:
    assert bmi_category(24.9, ClinicalConfig().bmi_standard) == "healthy"
    assert bmi_category(24.9, ClinicalConfig().bmi_lower) == "overweight"


@pytest.mark.parametrize(
    ("height", "weight", "message"),
    [
        (0.49, 70.0, "Height: 0.49 m is outside the accepted range (0.5 to 2.5 m)"),
        (2.51, 70.0, "Height: 2.51 m is outside the accepted range (0.5 to 2.5 m)"),
        (170, 70.0, "Height: 170 m is outside the accepted range (0.5 to 2.5 m)"),  # centimetres typed
        (1.7, 1.9, "Weight: 1.9 kg is outside the accepted range (2 to 400 kg)"),
        (1.7, 400.1, "Weight: 400.1 kg is outside the accepted range (2 to 400 kg)"),
        (math.nan, 70.0, "Height: nan is not a number; enter 0.5 to 2.5 m"),
        (1.7, math.inf, "Weight: inf is not a number; enter 2 to 400 kg"),
        ("1.7", 70.0, "Height: '1.7' is not a number; enter 0.5 to 2.5 m"),
        (1.7, True, "Weight: True is not a number; enter 2 to 400 kg"),
    ],
)
def test_an_implausible_height_or_weight_is_refused_saying_which_and_the_accepted_range(
    height: object, weight: object, message: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        bmi(height, weight, "A")  # type: ignore[arg-type]
    assert str(raised.value) == message


@pytest.mark.parametrize(("height", "weight"), [(0.5, 2.5), (2.5, 400), (1, 70), (2, 40)])
def test_the_ends_of_the_plausible_range_and_whole_numbers_are_accepted(height: float, weight: float) -> None:
    result = bmi(height, weight, "99")
    assert (result.height_m, result.weight_kg) == (float(height), float(weight))


@pytest.mark.parametrize("ethnic", ["X", "h", "", None, 99])
def test_an_unknown_ethnic_category_is_refused_not_treated_as_standard(ethnic: object) -> None:
    with pytest.raises(InvalidValue, match=r"^Ethnic category: .* is not an Ethnic Category code; use one of A, B"):
        bmi(1.7, 70.0, ethnic)  # type: ignore[arg-type]


def test_a_weight_of_2_kg_is_a_plausible_weight_even_though_no_plausible_height_gives_it_a_plausible_bmi() -> None:
    # s5: weight 2-400 kg; 2 / 0.5^2 = 8.0 is under the BMI floor of 10, so the pair is refused
    assert measure("weight_kg", 2) == 2
    with pytest.raises(InvalidValue, match=r"give a BMI of 8.0"):
        bmi(0.5, 2, "A")


STANDARD_CODES = sorted(set(ETHNIC_CATEGORIES) - set(LOWER))  # A B C G S Z 99 (s5 v2)


@pytest.mark.parametrize("ethnic", list(LOWER))
@pytest.mark.parametrize(
    ("weight", "value", "category"),
    [
        (91.6, 22.9, "healthy"),  # 91.6 / 2.0^2 = 22.9
        (92.0, 23.0, "overweight"),  # 92 / 4 = 23.0
        (109.6, 27.4, "overweight"),  # 109.6 / 4 = 27.4
        (110.0, 27.5, "obesity class 1"),  # 110 / 4 = 27.5
        (129.6, 32.4, "obesity class 1"),  # 129.6 / 4 = 32.4
        (130.0, 32.5, "obesity class 2"),  # 130 / 4 = 32.5
        (149.6, 37.4, "obesity class 2"),  # 149.6 / 4 = 37.4
        (150.0, 37.5, "obesity class 3"),  # 150 / 4 = 37.5
    ],
)
def test_every_lower_threshold_code_uses_23_27_5_32_5_and_37_5(
    ethnic: str, weight: float, value: float, category: str
) -> None:
    result = bmi(2.0, weight, ethnic)
    assert (result.bmi, result.category, result.lower_thresholds) == (value, category, True)


@pytest.mark.parametrize("ethnic", STANDARD_CODES)
@pytest.mark.parametrize(
    ("weight", "value", "category"),
    [
        (91.6, 22.9, "healthy"),  # 91.6 / 2.0^2 = 22.9
        (92.0, 23.0, "healthy"),  # 23.0 < 25
        (109.6, 27.4, "overweight"),  # 25 <= 27.4 < 30
        (110.0, 27.5, "overweight"),  # 27.5 < 30
        (129.6, 32.4, "obesity class 1"),  # 30 <= 32.4 < 35
        (130.0, 32.5, "obesity class 1"),  # 32.5 < 35
        (149.6, 37.4, "obesity class 2"),  # 35 <= 37.4 < 40
        (150.0, 37.5, "obesity class 2"),  # 37.5 < 40
    ],
)
def test_g_s_z_99_and_the_white_codes_use_the_standard_thresholds_at_the_same_values(
    ethnic: str, weight: float, value: float, category: str
) -> None:
    result = bmi(2.0, weight, ethnic)
    assert (result.bmi, result.category, result.lower_thresholds) == (value, category, False)


@pytest.mark.parametrize(
    ("height", "weight", "value"),
    [
        (2.0, 40.0, 10.0),  # 40 / 2.0^2 = 10.0: the floor itself is accepted
        (2.0, 39.8, 10.0),  # 39.8 / 4 = 9.95, shown as 10.0 (I4): accepted on the value shown
        (1.5, 225.0, 100.0),  # 225 / 1.5^2 = 100.0: the ceiling itself is accepted
    ],
)
def test_a_bmi_from_10_to_100_is_plausible(height: float, weight: float, value: float) -> None:
    assert bmi(height, weight, "A").bmi == value


@pytest.mark.parametrize(
    ("height", "weight", "value"),
    [
        (2.0, 39.6, "9.9"),  # 39.6 / 2.0^2 = 9.9: below 10
        (1.5, 225.225, "100.1"),  # 225.225 / 1.5^2 = 100.1: above 100
        (2.5, 2.0, "0.3"),  # 2 / 6.25 = 0.32: a plausible height and weight, an impossible pair
    ],
)
def test_a_bmi_outside_10_to_100_is_refused_saying_what_to_check(height: float, weight: float, value: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        bmi(height, weight, "A")
    assert str(raised.value) == (
        f"BMI: height {height:g} m and weight {weight:g} kg give a BMI of {value}, outside the accepted 10 to "
        "100; check the height is in metres and the weight in kilograms, measure again and enter both again"
    )


@pytest.mark.parametrize(
    ("value", "needs"),
    [
        (11.9, True),  # under 12
        (12.0, False),  # 12 itself is stored without confirmation
        (70.0, False),  # 70 itself too
        (70.1, True),  # over 70
        (10.0, True),
        (100.0, True),
    ],
)
def test_a_bmi_under_12_or_over_70_needs_staff_confirmation(value: float, needs: bool) -> None:
    assert bmi_needs_confirmation(value) is needs
