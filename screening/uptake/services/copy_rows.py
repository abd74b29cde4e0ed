"""Rows of a frame as PostgreSQL COPY text (issue 19), for the uptake refresh's bulk write.

Design decisions:
- COPY's text format (tab between columns, `\\N` for NULL, backslash escapes), built column
  by column: each distinct value is written once and taken for every row that holds it
  (`pd.factorize`), since the summary's columns hold few distinct values (a few hundred
  days, a handful of languages). pandas' own CSV writer formats every cell, and took
  three times as long for the rows of 10,000 patients.
- Text is escaped as COPY reads it: backslash, tab, newline and carriage return. An empty
  text is an empty field, never NULL.
- Days are datetimes at midnight (`summary_rows.summary_frame`), written as ISO dates;
  numbers may be pandas' nullable integers; booleans are `t` or `f`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

NULL = "\\N"
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(rows: pd.DataFrame, columns: Sequence[str], days: Sequence[str] = ()) -> str:
    """`columns` of `rows`, one line a row, in COPY's text format; `days` are the date columns."""
    if rows.empty:
        return ""
    fields = [_field(rows[name], name in days) for name in columns]
    return "".join(f"{line}\n" for line in map("\t".join, zip(*fields, strict=True)))


def each_distinct(column: pd.Series, render: Callable[[Any], Sequence[Any]], missing: Any) -> list[Any]:
    """Each value of `column` as `render` writes the column's distinct values (given all at
    once), `missing` where a value is missing: the work is done once per distinct value."""
    codes, values = pd.factorize(column)  # a missing value is code -1: `missing`, at the end
    return np.array([*render(values), missing], dtype=object)[codes].tolist()


def iso_days(days: Any) -> Sequence[str]:
    """Days (datetimes at midnight) as 'YYYY-MM-DD'."""
    return list(pd.DatetimeIndex(days).strftime("%Y-%m-%d"))


def _field(column: pd.Series, is_day: bool) -> list[str]:
    """Each value of a column as COPY text (NULL where missing)."""
    if is_day:
        return each_distinct(column, iso_days, NULL)
    if pd.api.types.is_bool_dtype(column):
        return each_distinct(column, lambda values: ["t" if value else "f" for value in values], NULL)
    if pd.api.types.is_integer_dtype(column):
        return each_distinct(column, lambda values: [str(int(value)) for value in values], NULL)
    return each_distinct(column, lambda values: [str(value).translate(ESCAPES) for value in values], NULL)
