"""Reading one CSV cell into a checked value, for the attendance and screening imports.

Design decisions:
- Cells are text; blank (after trimming spaces) means "not given". Each reader is a
  callable `(column, cell)` returning the typed value or raising `InvalidValue` with a
  reason that says what is accepted and never repeats the cell (the cell may be an NHS
  number, a name or a date of birth). Readers are built once per module (code lookup
  tables precomputed), since a clinic list has a hundred thousand rows.
- Codes are matched without regard to case ("x" is gender code X), since PAS extracts
  differ; what is stored is always the code as the NHS Data Dictionary spells it.
- Dates and times are ISO 8601. A time without an offset is the clinic's wall clock,
  Europe/London, and is stored as UTC; a date alone is midnight London time.
- Text cells (names above all) are refused when they hold an invisible control character,
  such as U+202E, which would reverse the numbers shown beside a name (hazard H5,
  `screening.text_safety`); the reason names the code point, never the cell.
- `RowChecker` collects every problem in a row rather than stopping at the first, so
  one report lists all a row's faults.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from screening.errors import InvalidValue
from screening.imports.rules.import_report import RowError, row_error
from screening.patients.rules import nhs_number
from screening.text_safety import refuse_unsafe

T = TypeVar("T")
LONDON = ZoneInfo("Europe/London")
FIX_IN_SOURCE = "remove it in the source system or file and import the row again"


class Text:
    """Trimmed text up to `max_length`; blank is refused, or means `default` when one is given."""

    def __init__(self, max_length: int, *, default: str | None = None, optional: bool = False) -> None:
        self.max_length, self.default, self.optional = max_length, default, optional

    def __call__(self, field: str, cell: str) -> str | None:
        value = cell.strip()
        if not value:
            if self.optional or self.default is not None:
                return self.default
            raise InvalidValue(field, "is required and is blank.")
        if len(value) > self.max_length:
            raise InvalidValue(field, f"is longer than {self.max_length} characters.")
        return refuse_unsafe(field, value, what_to_do=FIX_IN_SOURCE)


class Codes:
    """One of the `allowed` codes (any case); `blank` is what a blank cell means, if allowed."""

    def __init__(self, allowed: Iterable[str], *, blank: str | None = None) -> None:
        codes = tuple(allowed)
        self.lookup = {code.upper(): code for code in codes}
        self.blank = blank
        listed = ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else codes[0]
        self.message = f"must be {listed}{' (or blank)' if blank is not None else ''}."

    def __call__(self, field: str, cell: str) -> str:
        value = cell.strip().upper()
        if not value and self.blank is not None:
            return self.blank
        try:
            return self.lookup[value]
        except KeyError:
            raise InvalidValue(field, self.message) from None


class WholeNumber:
    """A whole number from `low` to `high`, or None when blank."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def __call__(self, field: str, cell: str) -> int | None:
        value = cell.strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit()) or not self.low <= int(value) <= self.high:
            raise InvalidValue(field, f"must be a whole number from {self.low} to {self.high} (or blank).")
        return int(value)


def nhs(field: str, cell: str) -> str:
    """The NHS number checked by Modulus 11 (`screening.patients.rules.nhs_number`); its errors never echo it."""
    return nhs_number.normalise(cell)


def iso_date(field: str, cell: str) -> date:
    value = cell.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(field, "must be a date in the form YYYY-MM-DD.") from None


def iso_moment(field: str, cell: str) -> datetime:
    """An ISO 8601 date or date-time as aware UTC; no offset means London wall-clock time."""
    value = cell.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(field, "must be an ISO 8601 date or date-time, e.g. 2026-11-20T09:30.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


class RowChecker:
    """Reads cells of one row with the readers above, keeping every problem found."""

    def __init__(self, line: int, values: Mapping[str, str]) -> None:
        self.line = line
        self.values = values
        self.errors: list[RowError] = []

    def take(self, column: str, reader: Callable[[str, str], T]) -> T | None:
        try:
            return reader(column, self.values.get(column, ""))
        except InvalidValue as error:
            self.errors.append(row_error(self.line, column, error))
            return None

    def refuse(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.line, column, reason))
