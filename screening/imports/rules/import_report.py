"""What a CSV import reports: row errors, the result, and the CSV files written about them.

Design decisions:
- A `RowError` names the line, the column and the reason, never the value: a reason
  may be printed, written next to the file and shown on a page, so it must not echo an
  NHS number, a name or a date of birth. A reason says what the column accepts instead.
- `ImportResult` is a plain frozen value the command line prints and an upload page
  shows as tables (`counts_table`, `errors_table`); it holds no ORM object.
- Every CSV written here passes each cell through `safe_row` (formula injection): the
  rejected-rows file repeats what the extract held, which may include a name someone
  typed as `=HYPERLINK(...)`.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TextIO

from screening.csv_safety import safe_row
from screening.errors import InvalidValue

WHOLE_ROW = "(row)"  # the column of an error about the row as a whole


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.reason}"


def row_error(line: int, column: str, error: InvalidValue) -> RowError:
    """A RowError from a domain error, without repeating the field name it starts with."""
    reason = error.message
    prefix = f"{error.field}: "
    return RowError(line, column, reason[len(prefix) :] if reason.startswith(prefix) else reason)


@dataclass(frozen=True)
class ImportResult:
    kind: str  # "attendances" or "screenings"
    run_id: int
    dry_run: bool
    applied: bool  # False for a dry run and for a file refused as a whole
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    errors: tuple[RowError, ...]
    details: tuple[tuple[str, int], ...] = ()  # e.g. patients created, flags raised
    encoding: str = "utf-8"

    @property
    def refused(self) -> bool:
        """Invalid rows in an all-or-nothing import: nothing was written."""
        return bool(self.rejected) and not self.applied and not self.dry_run

    def summary(self) -> str:
        counts = (
            f"read {self.rows_read:,}, inserted {self.inserted:,}, updated {self.updated:,}, "
            f"unchanged {self.unchanged:,}, rejected {self.rejected:,}"
        )
        if self.dry_run:
            return f"Dry run, nothing written: {counts}"
        if self.refused:
            return f"Nothing imported: {counts}"
        return f"Imported {self.kind}: {counts}"

    def counts_table(self) -> list[dict[str, object]]:
        rows = [("read", self.rows_read), ("inserted", self.inserted), ("updated", self.updated),
                ("unchanged", self.unchanged), ("rejected", self.rejected), *self.details]  # fmt: skip
        return [{"count": name.replace("_", " "), "rows": value} for name, value in rows]

    def errors_table(self) -> list[dict[str, object]]:
        return [{"line": e.line, "column": e.column, "reason": e.reason} for e in self.errors]


def write_error_report(errors: Iterable[RowError], out: TextIO) -> None:
    """Every invalid row as line, column, reason (one row per problem)."""
    writer = csv.DictWriter(out, fieldnames=("line", "column", "reason"), lineterminator="\n")
    writer.writeheader()
    for error in errors:
        writer.writerow(safe_row({"line": error.line, "column": error.column, "reason": error.reason}))


class RejectedRows:
    """The rejected rows as the file held them, plus `line` and a `reason` column."""

    def __init__(self, out: TextIO, header: Iterable[str]) -> None:
        self._columns = ("line", *header, "reason")
        self._writer = csv.DictWriter(out, fieldnames=self._columns, lineterminator="\n")
        self._started = False

    def write(self, line: int, values: Mapping[str, str] | None, errors: Iterable[RowError]) -> None:
        if not self._started:
            self._writer.writeheader()
            self._started = True
        reason = "; ".join(f"{e.column}: {e.reason.rstrip('.')}" for e in errors)
        row = {column: (values or {}).get(column, "") for column in self._columns[1:-1]}
        self._writer.writerow(safe_row({"line": line, **row, "reason": reason}))
