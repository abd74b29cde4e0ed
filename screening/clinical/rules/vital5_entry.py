"""The staff Vital 5 form's values, checked and turned into item answers (clinical reference s5).

Design decisions:
- The form is the whole state of the staff-entered measures: every Vital 5 item comes back,
  a value or None (None clears what was stored, so a mistyped third reading can be removed).
- A blood pressure reading is a pair: one number without the other is refused, never stored
  as half a reading. Readings fill from the first: a third without a second is refused,
  because the recorded value is the lower of the LAST TWO (s5, NICE NG136) and a gap would
  change which two those are.
- Ranges and messages come from `screening.clinical.rules.vital5` (the plausible-entry ranges in
  `questionnaires/vital5.toml`), so the form, the stored-answer check and the scoring agree.
  A whole number typed as 142.0 is taken as 142; 142.5 mmHg is refused.
- Height and weight together must give a plausible BMI (10 to 100, s5 v2); a BMI under 12
  or over 70 is stored only when staff tick that they have checked it (`bmi_confirmed`),
  and otherwise refused with a message saying so. Nothing is stored until it passes.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

from screening.clinical.rules.vital5 import (
    BMI_NEEDS_CONFIRMATION_OUTSIDE,
    MAX_BP_READINGS,
    bmi_needs_confirmation,
    checked_readings,
    measure,
    plausible_bmi,
    smoking,
)
from screening.errors import InvalidValue

Number = int | float
Reading = tuple[Number | None, Number | None]
CONFIRM_LABEL = "BMI checked: the height and weight are right"
VITAL5_ITEMS = (
    *(f"bp_{part}_{n}" for n in range(1, MAX_BP_READINGS + 1) for part in ("systolic", "diastolic")),
    "height_m", "weight_kg", "smoking_status",
)  # fmt: skip


def vital5_answers(
    readings: Sequence[Reading],
    height_m: Number | None,
    weight_kg: Number | None,
    smoking_status: str | None,
    *,
    bmi_confirmed: bool = False,
) -> dict[str, int | float | str | None]:
    """Every Vital 5 item's value (None: not recorded); InvalidValue says what to correct."""
    if len(readings) > MAX_BP_READINGS:
        raise InvalidValue("Blood pressure", f"enter at most {MAX_BP_READINGS} readings.")
    pairs = [(_whole(s), _whole(d)) for s, d in readings]
    entered: list[tuple[int, int]] = []
    for number, (systolic, diastolic) in enumerate(pairs, start=1):
        field = f"Blood pressure reading {number}"
        if (systolic is None) != (diastolic is None):
            raise InvalidValue(field, "enter both the systolic and the diastolic number, or leave both empty.")
        if systolic is None:
            continue
        if len(entered) != number - 1:
            raise InvalidValue(field, f"enter reading {len(entered) + 1} first; readings fill in order.")
        entered.append((systolic, diastolic))  # type: ignore[arg-type]
    answers: dict[str, int | float | str | None] = dict.fromkeys(VITAL5_ITEMS)
    for number, (systolic, diastolic) in enumerate(checked_readings(entered) if entered else (), start=1):
        answers[f"bp_systolic_{number}"], answers[f"bp_diastolic_{number}"] = systolic, diastolic
    for link_id, value in (("height_m", height_m), ("weight_kg", weight_kg)):
        answers[link_id] = None if value is None else measure(link_id, value)
    height, weight = answers["height_m"], answers["weight_kg"]
    if height is not None and weight is not None:
        check_bmi(height, weight, confirmed=bmi_confirmed)  # type: ignore[arg-type]
    answers["smoking_status"] = None if smoking_status is None else smoking(smoking_status).code
    return answers


def check_bmi(height_m: Number, weight_kg: Number, *, confirmed: bool) -> float:
    """The BMI, refused when implausible, or unusual and not confirmed by staff (s5 v2)."""
    value = plausible_bmi(height_m, weight_kg)
    if bmi_needs_confirmation(value) and not confirmed:
        low, high = BMI_NEEDS_CONFIRMATION_OUTSIDE
        side = f"under {low:g}" if value < low else f"over {high:g}"
        raise InvalidValue(
            "BMI", f"{value:.1f} is {side}. Check the height and weight; if they are right, tick "
            f'"{CONFIRM_LABEL}" and save again.'
        )  # fmt: skip
    return value


def _whole(value: Number | None) -> Number | None:
    # A number input may give 142.0 for 142; anything else is left for `measure` to judge.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
