"""Checking a batch of CSV rows before the database sees them, and reporting the rejects.

Design decision: the part of an import that needs no database lives here, pure, so the
batch loop in `screening.imports.services.import_runs` only orchestrates. A row is checked by
the importer's own `parse`; a key (appointment id, session ref) seen earlier in the
same file is refused, naming the line it first appeared on, since one file must not
say two things about one record.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Generic, Protocol, TypeVar

from screening.imports.rules.import_report import RejectedRows, RowError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    line: int
    row: T


class RowChecks(Protocol[T]):
    key_column: str

    def parse(self, line: int, values: Mapping[str, str]) -> tuple[T | None, list[RowError]]: ...
    def key(self, row: T) -> str: ...


Row = tuple[int, dict[str, str], RowError | None]


def batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def check_rows(
    importer: RowChecks[T], batch: list[Row], seen: dict[str, int]
) -> tuple[list[Parsed[T]], list[RowError]]:
    """The rows that passed `parse` and are new keys in this file, and the errors of the rest."""
    pending: list[Parsed[T]] = []
    found: list[RowError] = []
    for line, values, problem in batch:
        if problem is not None:
            found.append(problem)
            continue
        row, row_errors = importer.parse(line, values)
        if row is None:
            found += row_errors
            continue
        key = importer.key(row)
        if key in seen:
            reason = f"appears again (first on line {seen[key]}); each {importer.key_column} must appear once."
            found.append(RowError(line, importer.key_column, reason))
            continue
        seen[key] = line
        pending.append(Parsed(line, row))
    return pending, found


def report_rejected(found: Iterable[RowError], batch: list[Row], rejects: RejectedRows | None) -> list[RowError]:
    """The batch's errors in line order, each rejected row also written to `rejects`."""
    ordered = sorted(found, key=lambda e: e.line)  # stable: a row's own errors keep their order
    if rejects is not None and ordered:
        by_line: dict[int, list[RowError]] = {}
        for error in ordered:
            by_line.setdefault(error.line, []).append(error)
        values = {line: row for line, row, _ in batch}
        for line, row_errors in by_line.items():
            rejects.write(line, values[line], row_errors)
    return ordered
