"""Opening an uploaded or extracted CSV file: encoding, header check and streamed rows.

Design decisions:
- Streamed, bounded memory: `csv_encoding.scan` passes over the bytes once (encoding,
  hash, line count); then rows go to the caller one at a time through the `csv` module
  (Windows, Unix and old Mac line endings alike). The file must be seekable (a file on
  disk or an uploaded-file buffer both are).
- A first row sharing no column name with the expected header means the file is not
  the CSV asked for: one message says how to save it as CSV. A header with missing,
  unknown or repeated columns (names trimmed, exact case, order free) is refused too,
  naming the columns. Rows are read leniently (the `csv` module's default dialect): a
  row with the wrong number of values is that row's error, not the whole file's.
- Line numbers are the file's own (the header is line 1), counted where a row starts,
  so a quoted value spanning lines does not shift the rows after it.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from screening.imports.rules.csv_encoding import SAVE_AS_CSV, ImportFileRefused, scan
from screening.imports.rules.import_report import WHOLE_ROW, RowError


@dataclass(frozen=True)
class CsvSource:
    binary: BinaryIO
    encoding: str
    sha256: str
    header: tuple[str, ...]
    rows_expected: int

    def rows(self) -> Iterator[tuple[int, dict[str, str], RowError | None]]:
        """(line, values by column, a whole-row problem or None) for each non-blank row."""
        self.binary.seek(0)
        text = io.TextIOWrapper(self.binary, encoding=self.encoding, newline="")
        reader = csv.reader(text)
        try:
            next(reader)
            line = reader.line_num + 1
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not any(value.strip() for value in cells):
                    continue  # blank lines, and the ",,,," rows spreadsheets leave
                values = dict(
                    zip(self.header, cells, strict=False)
                )  # a short or long row is reported by the row checks
                problem = None
                if len(cells) != len(self.header):
                    reason = f"has {len(cells)} values but the header has {len(self.header)} columns."
                    problem = RowError(start, WHOLE_ROW, reason)
                yield start, values, problem
        except csv.Error as error:
            message = f"Line {reader.line_num} cannot be read as CSV ({error}); {SAVE_AS_CSV}"
            raise ImportFileRefused(message) from None
        finally:
            text.detach()  # leave the caller's file open


def open_csv(binary: BinaryIO, *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> CsvSource:
    """Check the file and its header; the rows are read later, one at a time."""
    encoding, sha256, lines = scan(binary)
    source = CsvSource(binary, encoding, sha256, (), max(lines - 1, 0))
    header = _first_row(source)
    _check_header(header, required, optional)
    return CsvSource(binary, encoding, sha256, header, max(lines - 1, 0))


def _first_row(source: CsvSource) -> tuple[str, ...]:
    source.binary.seek(0)
    text = io.TextIOWrapper(source.binary, encoding=source.encoding, newline="")
    try:
        return tuple(cell.strip() for cell in next(csv.reader(text), []))
    except csv.Error as error:
        raise ImportFileRefused(f"The first line cannot be read as CSV ({error}); {SAVE_AS_CSV}") from None
    finally:
        text.detach()


def _check_header(header: tuple[str, ...], required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    known = set(required) | set(optional)
    if not known & set(header):
        separator = next((s for s in ";\t|" if len(header) == 1 and s in header[0]), None)
        if separator is not None:
            raise ImportFileRefused(f"The columns are separated by {separator!r}, not commas: {SAVE_AS_CSV}")
        raise ImportFileRefused(
            f"The file is not a CSV file with the expected header row (first columns: "
            f"{', '.join(required[:3])}, ...): {SAVE_AS_CSV}"
        )
    problems = []
    if missing := [c for c in required if c not in header]:
        problems.append(f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}")
    if unknown := [c for c in dict.fromkeys(header) if c not in known]:
        problems.append(f"unknown column{'s' * (len(unknown) > 1)} {', '.join(unknown)} (remove them)")
    if repeated := sorted({c for c in header if header.count(c) > 1}):
        problems.append(f"repeated column{'s' * (len(repeated) > 1)} {', '.join(repeated)}")
    if problems:
        raise ImportFileRefused(f"The header row is not the expected one: {'; '.join(problems)}.")
