"""Rows as PostgreSQL COPY text (`copy_rows.copy_text`, issue 19): NULLs, escapes, days,
nullable numbers and booleans, each value written as COPY's text format reads it."""

from __future__ import annotations

import pandas as pd

from screening.uptake.services.copy_rows import copy_text


def test_each_row_is_a_line_of_tab_separated_fields_with_missing_values_as_null() -> None:
    rows = pd.DataFrame({
        "day": pd.to_datetime(["2026-06-03", None, "2026-06-03"]),
        "decile": pd.array([3, None, 10], dtype="Int64"),
        "needed": [True, False, True],
        "language": ["English", "Somali", "English"],
        "id": [1, 2, 3],
    })  # fmt: skip
    assert copy_text(rows, ["id", "day", "decile", "needed", "language"], days=["day"]) == (
        "1\t2026-06-03\t3\tt\tEnglish\n2\t\\N\t\\N\tf\tSomali\n3\t2026-06-03\t10\tt\tEnglish\n"
    )


def test_text_is_escaped_as_copy_reads_it_and_an_empty_text_is_not_null() -> None:
    rows = pd.DataFrame({"text": ["a\tb", "back\\slash", "two\nlines\r", "", None, "\\N"]})
    assert copy_text(rows, ["text"]).split("\n")[:-1] == [
        "a\\tb", "back\\\\slash", "two\\nlines\\r", "", "\\N", "\\\\N",
    ]  # fmt: skip


def test_no_rows_is_no_text() -> None:
    assert copy_text(pd.DataFrame({"id": pd.Series([], dtype="int64")}), ["id"]) == ""
