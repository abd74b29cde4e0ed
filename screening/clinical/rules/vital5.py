"""Vital 5 measures: blood pressure, BMI and smoking status (clinical reference, section 5).

Design decision: the plausible-entry ranges and units come from the Vital 5 instrument
file (`questionnaires/vital5.toml`), so the form and these checks cannot disagree; the
category thresholds are `ClinicalConfig` (NICE NG136, NG246 and the BMI ethnicity
DECISION). An implausible value is refused with an `InvalidValue` saying which value and
what range is accepted, never stored or categorised. BMI is categorised on its value
rounded to one decimal (half up), so the number staff see and its category always agree.
The BMI a height and weight give must itself be plausible (10 to 100, s5 v2), judged on
that same one-decimal value; one under 12 or over 70 is stored only after staff confirm
it (`bmi_needs_confirmation`, checked where measures are entered: `screening.clinical.rules.vital5_entry`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from questionnaires import load_instrument
from screening.clinical.rules.clinical_config import DEFAULT_CONFIG, BMIThresholds, ClinicalConfig
from screening.clinical.rules.codes import ETHNIC_CATEGORIES
from screening.clinical.rules.flag_codes import Flag
from screening.clinical.rules.flags import CURRENT_SMOKER, bmi_flag, bp_flag, smoking_flag
from screening.clinical.rules.results import BloodPressureResult, BMIResult, SmokingResult
from screening.errors import InvalidValue

MAX_BP_READINGS = 3
# s5 v2: the BMI a height and weight give is refused outside 10-100, and stored outside
# 12-70 only after staff confirm it. Inclusive ends, on the one-decimal BMI.
BMI_PLAUSIBLE = (10.0, 100.0)
BMI_NEEDS_CONFIRMATION_OUTSIDE = (12.0, 70.0)


def blood_pressure(
    readings: Sequence[tuple[int, int]], *, config: ClinicalConfig = DEFAULT_CONFIG
) -> BloodPressureResult:
    """Categorise 1 to 3 clinic readings, each (systolic, diastolic) in mmHg (NICE NG136)."""
    checked = checked_readings(readings)
    systolic, diastolic = recorded_reading(checked)
    category = bp_category(systolic, diastolic, config)
    flag = bp_flag(category, systolic, diastolic, config)
    return BloodPressureResult(checked, systolic, diastolic, category, _flags(flag))


def checked_readings(readings: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Each reading a plausible (systolic, diastolic) pair with systolic above diastolic."""
    if not _is_sequence(readings) or not 1 <= len(readings) <= MAX_BP_READINGS:
        raise InvalidValue("Blood pressure", f"enter 1 to {MAX_BP_READINGS} readings, each (systolic, diastolic)")
    checked = []
    for number, reading in enumerate(readings, start=1):
        field = f"Blood pressure reading {number}"
        if not _is_sequence(reading) or len(reading) != 2:
            raise InvalidValue(field, "must be a pair (systolic, diastolic)")
        systolic = measure(f"bp_systolic_{number}", reading[0])
        diastolic = measure(f"bp_diastolic_{number}", reading[1])
        if systolic <= diastolic:
            problem = f"systolic {systolic} must be higher than diastolic {diastolic}"
            raise InvalidValue(field, f"{problem}; check they were not entered the wrong way round")
        checked.append((int(systolic), int(diastolic)))
    return tuple(checked)


def _is_sequence(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def recorded_reading(readings: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The lower of the last two readings (s5); a single reading is recorded as it is.

    "Lower" compares whole readings, systolic first and then diastolic, so the recorded
    systolic and diastolic always come from the same measurement, never mixed.
    """
    return min(readings[-2:])


def bp_category(systolic: int, diastolic: int, config: ClinicalConfig) -> str:
    """Severe at or above 180/120, raised at or above 140/90: either number counts (s5)."""
    if systolic >= config.bp_severe[0] or diastolic >= config.bp_severe[1]:
        return "severe"
    if systolic >= config.bp_raised[0] or diastolic >= config.bp_raised[1]:
        return "raised"
    return "normal"


def bmi(
    height_m: float,
    weight_kg: float,
    ethnic_category: str,
    *,
    config: ClinicalConfig = DEFAULT_CONFIG,
) -> BMIResult:
    """BMI to one decimal and its category, with the lower thresholds where configured (s5)."""
    height, weight = measure("height_m", height_m), measure("weight_kg", weight_kg)
    if not isinstance(ethnic_category, str) or ethnic_category not in ETHNIC_CATEGORIES:
        codes = ", ".join(ETHNIC_CATEGORIES)
        problem = f"{ethnic_category!r} is not an Ethnic Category code"
        raise InvalidValue("Ethnic category", f"{problem}; use one of {codes} (99: not known)")
    lower = uses_lower_bmi_thresholds(ethnic_category, config)
    value = plausible_bmi(height, weight)
    category = bmi_category(value, config.bmi_lower if lower else config.bmi_standard)
    flag = bmi_flag(category, value, lower)
    return BMIResult(float(height), float(weight), ethnic_category, value, category, lower, _flags(flag))


def plausible_bmi(height_m: float, weight_kg: float) -> float:
    """The one-decimal BMI of a checked height and weight, refused outside 10 to 100 (s5 v2)
    with what to check: a plausible height and weight can still be a mistyped pair."""
    value = bmi_value(height_m, weight_kg)
    low, high = BMI_PLAUSIBLE
    if not low <= value <= high:
        given = f"height {height_m:g} m and weight {weight_kg:g} kg give a BMI of {value:.1f}"
        raise InvalidValue(
            "BMI", f"{given}, outside the accepted {low:g} to {high:g}; check the height is in metres "
            "and the weight in kilograms, measure again and enter both again"
        )  # fmt: skip
    return value


def bmi_needs_confirmation(value: float) -> bool:
    """A plausible BMI under 12 or over 70 is stored only after staff confirm it (s5 v2)."""
    low, high = BMI_NEEDS_CONFIRMATION_OUTSIDE
    return not low <= value <= high


def uses_lower_bmi_thresholds(ethnic_category: str, config: ClinicalConfig) -> bool:
    """NICE NG246's lower thresholds (overweight from 23, obesity from 27.5, classes 2 and 3
    from 32.5 and 37.5) apply to the Ethnic Category codes the DECISION names (s5 v2):
    D E F H J K L R M N P by default."""
    return ethnic_category in config.bmi_lower_threshold_ethnic_codes


def bmi_value(height_m: float, weight_kg: float) -> float:
    """weight / height squared, rounded half up to one decimal (Decimal: no float drift)."""
    exact = Decimal(str(weight_kg)) / Decimal(str(height_m)) ** 2
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def bmi_category(value: float, thresholds: BMIThresholds) -> str:
    """The category of a one-decimal BMI; each threshold is the lower bound of its class."""
    bounds = (
        (thresholds.obesity_3, "obesity class 3"),
        (thresholds.obesity_2, "obesity class 2"),
        (thresholds.obesity_1, "obesity class 1"),
        (thresholds.overweight, "overweight"),
        (thresholds.healthy, "healthy"),
    )
    return next((label for bound, label in bounds if value >= bound), "underweight")


def smoking(code: str) -> SmokingResult:
    """A SMOKING STATUS CODE (NHS Data Dictionary) and whether to signpost support (s5)."""
    item = load_instrument("vital5").item("smoking_status")
    if not isinstance(code, str) or code not in item.option_values():
        accepted = ", ".join(f"{option.value} ({option.label})" for option in item.answer_options)
        problem = f"{code!r} is not a SMOKING STATUS CODE"
        raise InvalidValue("Smoking status", f"{problem}; use one of {accepted}")
    flag = smoking_flag(code)
    return SmokingResult(code, item.option(code).label, code == CURRENT_SMOKER, _flags(flag))


def measure(link_id: str, value: object) -> int | float:
    """`value` checked against the plausible range of the Vital 5 item `link_id`."""
    item = load_instrument("vital5").item(link_id)
    limits = f"{item.min_value:g} to {item.max_value:g} {item.unit}"
    kinds = (int,) if item.type == "integer" else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
        noun = "a whole number" if item.type == "integer" else "a number"
        raise InvalidValue(item.text, f"{value!r} is not {noun}; enter {limits}")
    if not item.min_value <= value <= item.max_value:  # type: ignore[operator]
        problem = f"{value:g} {item.unit} is outside the accepted range"
        raise InvalidValue(item.text, f"{problem} ({limits})")
    return value


def _flags(flag: Flag | None) -> tuple[Flag, ...]:
    return () if flag is None else (flag,)
