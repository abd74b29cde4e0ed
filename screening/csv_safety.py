"""Cells that are safe to open in a spreadsheet: formula injection neutralised.

Design decision: every CSV the app writes (exports, rejected-row reports, the audit log)
passes each text cell through `safe_cell`. A cell that a spreadsheet would read as a
formula (it starts with =, +, -, @, a tab or a carriage return, after any leading
spaces) gets a leading apostrophe, the OWASP-recommended neutraliser: Excel and
LibreOffice then show the text as typed and never run it. `=HYPERLINK("http://x","y")`
in a family name is exported as `'=HYPERLINK("http://x","y")`.

Numbers are passed through untouched, so a negative number stays a number; only text is
changed.

Hand-written on purpose (docs/hand-written.md): defusedcsv 3.0.0 was considered and
leaves three of the formulas above as they are (a leading tab, a leading carriage return,
and leading spaces before =), and it rewrites every "|" inside a neutralised cell as "\\|",
so the text in the file is no longer what was typed. It is a `csv.writer` wrapper, not a
cell function, and cannot be given our list of starts.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """The value to write to a CSV cell: text that could run as a formula is quoted."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """`safe_cell` on every cell of a row (for csv.DictWriter)."""
    return {key: safe_cell(value) for key, value in row.items()}
