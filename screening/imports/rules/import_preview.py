"""The first rows of an uploaded import file, as the import will read them (issue 5 upload page).

Design decisions:
- Read through `open_csv`, the import's own reader, so the preview shows exactly what
  the import sees: the same encoding guess (a name saved in Windows-1252 keeps its accents),
  the same header check and the same split into columns, each row with its line number
  in the file. It is not a second parser that could disagree with the first.
- At most `PREVIEW_ROWS` rows are read (the reader is lazy); the header check and the
  encoding scan still pass over the whole file once, which costs well under a second
  for a 100,000-row extract.
- Contact details (issue 17) are never shown: a mobile or email cell reads "given" or
  stays blank, so the page says which rows carry them without putting them on a screen.
  `no_contact` (Y/N) is shown as read.
- The kinds of file and their columns are data here so the page and the preview name
  the same columns as the importers (`AttendanceImporter`, `ScreeningImporter`).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from types import MappingProxyType
from typing import BinaryIO

from screening.imports.rules.attendance_rows import ATTENDANCE_COLUMNS, OPTIONAL_COLUMNS
from screening.imports.rules.csv_source import open_csv
from screening.imports.rules.screening_rows import ITEM_COLUMNS, SITTING_COLUMNS

PREVIEW_ROWS = 20
HIDDEN_COLUMNS = ("mobile", "email")  # shown as "given" or blank, never the value
GIVEN = "given"


@dataclass(frozen=True)
class ImportKind:
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    has_flags: bool = False  # historical screenings raise flags: open or closed is the importer's choice


IMPORT_KINDS: Mapping[str, ImportKind] = MappingProxyType({
    "attendances": ImportKind("Clinic list (PAS attendances)", ATTENDANCE_COLUMNS, OPTIONAL_COLUMNS),
    "screenings": ImportKind("Historical screenings", SITTING_COLUMNS, ITEM_COLUMNS, has_flags=True),
})  # fmt: skip


def first_rows(binary: BinaryIO, kind: str, limit: int = PREVIEW_ROWS) -> list[dict[str, object]]:
    """Up to `limit` rows, each as {"line": n, column: value as read, ...} in the file's column order."""
    wanted = IMPORT_KINDS[kind]
    source = open_csv(binary, required=wanted.required, optional=wanted.optional)
    return [{"line": line, **_hidden(values)} for line, values, _ in islice(source.rows(), limit)]


def _hidden(values: dict[str, str]) -> dict[str, str]:
    return {c: (GIVEN if v.strip() else "") if c in HIDDEN_COLUMNS else v for c, v in values.items()}
