"""Each dashboard view as a plain table (header + rows): what is shown, and its CSV.

Design decisions:
- One shape for screen and file: counts as published (an int, or "*"), rates and
  ratios as floats rounded to 4 decimals, None where hidden or not applicable. The
  screen formats them (`display`), the CSV writes them as they are ("*" for None), so
  the download is the table on screen, not a second calculation.
- Column names are the CLI's where they mean the same thing (`eligible`, `uptake`,
  `ci_low`...), so a manager's spreadsheet reads both alike.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from screening.uptake.rules.cascade import STAGES
from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.rules.uptake_dimensions import BREAKDOWNS

Table = tuple[list[str], list[list[Any]]]
PERCENT_COLUMNS = frozenset({"uptake", "ci_low", "ci_high", "rate", "share"} | {f"{s}_share" for s in STAGES})
# Column headings on screen (the CSV keeps the codes above, as the command line does).
LABELS = {"ci_low": "95% low", "ci_high": "95% high", "or_ci_low": "95% low", "or_ci_high": "95% high",
          "period_start": "period", "period_ended": "ended", "ratio_to_overall": "vs overall",
          "ratio_to_best": "vs best served", "below_four_fifths": "under 4/5", "odds_ratio": "odds ratio",
          "reviewed_in_time": "reviewed in time", "outcome_recorded": "outcome recorded",
          "group_total": "eligible in group", "share": "share of group",
          **{f"{s}_share": f"{label.lower()} (share)" for s, label in STAGES.items()}, **BREAKDOWNS}  # fmt: skip


def r4(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def uptake_rows_table(by: Sequence[str], rows: Sequence[Any]) -> Table:
    """Published uptake rows (`PublishedRow`) with the CLI's columns."""
    header = [*by, "eligible", "offered", "screened", "declined", "uptake", "ci_low", "ci_high"]
    body = [[*r.groups, r.eligible, r.offered, r.screened, r.declined, r4(r.uptake), r4(r.ci_low), r4(r.ci_high)]
            for r in rows]  # fmt: skip
    return header, body


def trend_table(rows: Sequence[dict[str, Any]], running: date | None = None) -> Table:
    """Uptake over time; `period_ended` is "no" for the period still running (`running`,
    issue 19), whose counts may yet grow, so a spreadsheet does not read it as a fall."""
    header = ["site", "period_start", "eligible", "screened", "uptake", "period_ended"]
    body = []
    for row in rows:
        n, s = row["eligible"], row["screened"]
        hidden = HIDDEN in (n, s) or not n
        body.append([row["site"], row["period"].isoformat(), n, s, None if hidden else r4(int(s) / int(n)),
                     "no" if row["period"] == running else "yes"])  # fmt: skip
    return header, body


def equity_table(dimension: str, rows: Sequence[Any], equity: Sequence[Any]) -> Table:
    header = [dimension, "eligible", "screened", "uptake", "ci_low", "ci_high", "ratio_to_overall",
              "ratio_to_best", "below_four_fifths"]  # fmt: skip
    body = [[r.groups[0], r.eligible, r.screened, r4(r.uptake), r4(r.ci_low), r4(r.ci_high),
             r4(e.ratio_to_overall), r4(e.ratio_to_best), "yes" if e.below_four_fifths else "no"]
            for r, e in zip(rows, equity, strict=True)]  # fmt: skip
    return header, body


def odds_table(dimension: str, rows: Sequence[Any]) -> Table:
    header = [dimension, "eligible", "odds_ratio", "or_ci_low", "or_ci_high", "note"]
    body = [[r.group, r.eligible, r4(r.odds_ratio), r4(r.ci_low), r4(r.ci_high),
             "reference (largest group)" if r.reference else "" if r.odds_ratio is not None else "too few to show"]
            for r in rows]  # fmt: skip
    return header, body


def mode_table(by: str | None, rows: Sequence[Any]) -> Table:
    """How each group was screened (`mode_mix.ModeShare`): patients, the group's eligible, the share."""
    header = [*([by] if by else []), "screening_mode", "patients", "group_total", "share", "ci_low", "ci_high"]
    body = [[*r.groups, r.patients, r.group_total, r4(r.share), r4(r.ci_low), r4(r.ci_high)] for r in rows]
    return header, body


def cascade_table(dimension: str, rows: Sequence[Any]) -> Table:
    header = [dimension, *STAGES, *(f"{s}_share" for s in list(STAGES)[1:])]
    body = [[r.group, *(r.counts[s] for s in STAGES), *(r4(r.shares[s]) for s in list(STAGES)[1:])] for r in rows]
    return header, body


def display(header: Sequence[str], body: Sequence[Sequence[Any]], blank: str = HIDDEN) -> dict[str, list[str]]:
    """Columns of text for the screen: rates as percentages, ratios to 2 decimals, None as `blank`."""

    def text(column: str, value: Any) -> str:
        if value is None:
            return blank
        if isinstance(value, float):
            return f"{100 * value:.1f}%" if column in PERCENT_COLUMNS else f"{value:.2f}"
        return str(value)

    return {LABELS.get(column, column): [text(column, row[i]) for row in body] for i, column in enumerate(header)}
