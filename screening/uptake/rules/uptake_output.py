"""The uptake table as CSV, JSON or a text table (issue 8): the command line's output and
the dashboard's CSV download are the same text.

Design decisions:
- CSV columns: the breakdown columns, named as the dimension (`site`, `ethnic_group`...),
  then `eligible, offered, screened, declined, uptake, ci_low, ci_high`. Rates are
  proportions to 4 decimals; a hidden count or rate is "*" (clinical.md s7). Every cell
  goes through `safe_cell`: a diagnosis group or language typed as "=HYPERLINK(...)"
  reaches a spreadsheet as text.
- JSON: the same rows, with counts as numbers or "*" and hidden rates as null, under a
  header saying the period, the breakdowns and whether suppression was on.
- The text table shows rates as percentages with one decimal: it is read, not parsed.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from screening.csv_safety import safe_cell
from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.rules.uptake_table import COUNTS, PublishedRow

RATES = ("uptake", "ci_low", "ci_high")


def _rate(value: float | None) -> str:
    return HIDDEN if value is None else f"{value:.4f}"


def csv_rows(by: Sequence[str], rows: Sequence[PublishedRow]) -> list[list[Any]]:
    header: list[Any] = [*by, *COUNTS, *RATES]
    body = [[*r.groups, *(getattr(r, c) for c in COUNTS), *(_rate(getattr(r, c)) for c in RATES)] for r in rows]
    return [header, *body]


def csv_from(header: Sequence[str], body: Sequence[Sequence[Any]]) -> str:
    """Any published table as CSV text, every cell formula-safe; None is written as "*"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in [list(header), *body]:
        writer.writerow([safe_cell(HIDDEN if cell is None else cell) for cell in row])
    return out.getvalue()


def csv_text(by: Sequence[str], rows: Sequence[PublishedRow]) -> str:
    header, *body = csv_rows(by, rows)
    return csv_from(header, body)


def json_text(by: Sequence[str], rows: Sequence[PublishedRow], header: dict[str, Any]) -> str:
    items = []
    for r in rows:
        item: dict[str, Any] = dict(zip(by, r.groups, strict=True))
        item.update({c: getattr(r, c) for c in COUNTS})
        item.update({c: None if getattr(r, c) is None else round(getattr(r, c), 4) for c in RATES})
        items.append(item)
    return json.dumps({**header, "by": list(by), "rows": items}, indent=2, ensure_ascii=False) + "\n"


def _percent(value: float | None) -> str:
    return HIDDEN if value is None else f"{100 * value:.1f}%"


def table_text(by: Sequence[str], rows: Sequence[PublishedRow]) -> str:
    header = [*by, *COUNTS, "uptake", "95% interval"]
    body = [[*r.groups, *(str(getattr(r, c)) for c in COUNTS), _percent(r.uptake),
             HIDDEN if r.ci_low is None else f"{_percent(r.ci_low)}-{_percent(r.ci_high)}"] for r in rows]  # fmt: skip
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    numeric = len(by)

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < numeric else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(b) for b in body)]) + "\n"
