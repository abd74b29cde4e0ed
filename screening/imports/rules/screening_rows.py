"""One row of a historical screening file (one sitting) checked into typed answers (issue 5).

Design decisions:
- The item columns are the instruments' own linkIds, read from `questionnaires/`, so
  the file format follows the instrument data and cannot drift from it. The sitting
  columns are required; item columns may be left out of the header (not asked), but a
  column that is neither is refused by the header check.
- A blank cell is "not asked" (no answer stored); `declined` is "prefer not to answer",
  stored as such, never 0 (clinical reference, section 4). Every other cell is read as
  the item's own type (a whole number for scored items and blood pressure, a number for
  height and weight, the code for smoking status) and then passes the same check as
  an answer given on a tablet (`check_item_value`), so an import cannot store anything
  the live form would refuse. Cross-item checks (systolic above diastolic) come from
  the scoring engine itself, which the service runs before storing a row.
- A declined sitting needs a reason and has no answers; a completed one needs at least
  one answer and no decline reason. A sitting cannot be dated in the future.
- Height and weight must give a plausible BMI (10 to 100, s5 v2). A BMI under 12 or over 70
  is stored only after staff confirm it, which an import cannot ask, so such a row is
  refused with a message saying so (`weight_kg`): check the measures at source, and to
  import the rest of the sitting leave height_m and weight_kg blank.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from questionnaires import Item, load_instrument
from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.codes import SESSION_MODES
from screening.clinical.rules.stored_answers import check_item_value
from screening.clinical.rules.vital5 import bmi_needs_confirmation, plausible_bmi
from screening.errors import InvalidValue
from screening.imports.rules import import_fields as cell
from screening.imports.rules.import_fields import RowChecker
from screening.imports.rules.import_report import RowError, row_error

SITTING_COLUMNS: tuple[str, ...] = (
    "session_ref", "nhs_number", "clinic_code", "completed_at", "status", "decline_reason", "mode",
)  # fmt: skip
INSTRUMENTS: tuple[str, ...] = ("phq9", "gad7", "phq4", "auditc", "vital5")
ITEM_INSTRUMENT: Mapping[str, str] = {
    item.link_id: instrument_id for instrument_id in INSTRUMENTS for item in load_instrument(instrument_id).items
}
ITEM_COLUMNS: tuple[str, ...] = tuple(ITEM_INSTRUMENT)
IMPORTED_STATUSES = ("completed", "declined")
Value = int | float | str


@dataclass(frozen=True, slots=True)
class SittingRow:
    session_ref: str
    nhs_number: str
    clinic_code: str
    at: datetime  # aware UTC: completed_at, or when the sitting was declined
    status: str
    decline_reason: str | None
    mode: str
    answers: dict[str, dict[str, Value]] = field(default_factory=dict)  # instrument -> item -> value


SESSION_REF = cell.Text(64)
CODE = cell.Text(20)
STATUS = cell.Codes(IMPORTED_STATUSES)
MODE = cell.Codes(SESSION_MODES)
DECLINE_REASON = cell.Text(200, optional=True)


def parse_sitting_row(line: int, values: Mapping[str, str], now: datetime) -> tuple[SittingRow | None, list[RowError]]:
    """The checked sitting, or None and every problem found in it."""
    row = RowChecker(line, values)
    take = row.take
    session_ref, patient = take("session_ref", SESSION_REF), take("nhs_number", cell.nhs)
    clinic = take("clinic_code", CODE)
    at = take("completed_at", cell.iso_moment)
    if at is not None and at > now:
        row.refuse("completed_at", "is in the future.")
    status, reason, mode = take("status", STATUS), take("decline_reason", DECLINE_REASON), take("mode", MODE)
    answers = _answers(row)
    _check_bmi(row, answers.get("vital5", {}))
    if status == "declined" and reason is None:
        row.refuse("decline_reason", "is required for a declined sitting.")
    if status == "declined" and answers:
        row.refuse("status", "a declined sitting has no answers; leave the item columns blank.")
    if status == "completed" and reason is not None:
        row.refuse("decline_reason", "must be blank for a completed sitting.")
    if status == "completed" and not answers and not row.errors:
        row.refuse("status", "a completed sitting needs at least one answer.")
    if row.errors:
        return None, row.errors
    assert session_ref and patient and clinic and at and status and mode  # no errors: every cell was read
    return SittingRow(session_ref, patient, clinic.upper(), at, status, reason, mode, answers), []


def _answers(row: RowChecker) -> dict[str, dict[str, Value]]:
    answers: dict[str, dict[str, Value]] = {}
    for column, text in row.values.items():
        instrument_id = ITEM_INSTRUMENT.get(column)
        if instrument_id is None or not text.strip():
            continue  # a sitting column, or not asked
        value, error = checked_answer(column, text.strip())
        if error is not None:
            row.errors.append(row_error(row.line, column, error))
        else:
            answers.setdefault(instrument_id, {})[column] = value  # type: ignore[assignment]
    return answers


def _check_bmi(row: RowChecker, measures: Mapping[str, Value]) -> None:
    height, weight = measures.get("height_m"), measures.get("weight_kg")
    if not isinstance(height, float) or not isinstance(weight, float):
        return  # not both measured (or declined): no BMI to judge
    try:
        value = plausible_bmi(height, weight)
    except InvalidValue as error:
        row.errors.append(row_error(row.line, "weight_kg", error))
        return
    if bmi_needs_confirmation(value):
        row.refuse("weight_kg", UNCONFIRMED_BMI.format(value))


UNCONFIRMED_BMI = (
    "height_m and weight_kg give a BMI of {:.1f}. A BMI under 12 or over 70 is stored only after staff "
    "confirm it, which an import cannot ask: check the measures at source; to import the rest of this "
    "sitting, leave height_m and weight_kg blank."
)


@lru_cache(maxsize=1 << 14)
def checked_answer(item_id: str, text: str) -> tuple[Value | None, InvalidValue | None]:
    """The cell as the item's value, checked as a tablet answer is; each distinct cell
    is checked once (a file repeats the same few answers thousands of times)."""
    instrument = load_instrument(ITEM_INSTRUMENT[item_id])
    value = typed_value(instrument.item(item_id), text)
    try:
        check_item_value(instrument, item_id, value)
    except InvalidValue as error:
        return None, error
    return value, None


def typed_value(item: Item, text: str) -> Value:
    """The cell as the item's type; text that does not fit is returned as it is, for
    `check_item_value` to refuse with the item's own message."""
    if text.lower() == DECLINED:
        return DECLINED
    options = item.option_values()
    wants_int = item.type == "integer" or (item.type == "choice" and options and isinstance(options[0], int))
    if wants_int:
        return int(text) if text.isascii() and text.isdigit() else text
    if item.type == "decimal":
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    return text.upper()
