"""Equity of uptake between groups: ratios and the four-fifths rule (issue 8).

Design decisions:
- Each group's uptake is compared with the overall rate and with the best-served group
  (the highest published rate). A group whose ratio to the best-served group is under
  0.8 is marked: the "four-fifths rule" of adverse-impact analysis, used here as a
  screening signal for a gap worth looking into, not as proof of one. The ratio to the
  overall rate is never below the ratio to the best, so one mark covers both.
- Only published rates take part: a hidden rate (small numbers) is neither compared nor
  allowed to be "best", so a group of 8 screened out of 8 cannot set the bar.
- Ratios are of rates, so they carry the rates' uncertainty: the dashboard shows each
  rate's interval beside them.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class EquityRow:
    group: str
    rate: float | None
    ratio_to_overall: float | None
    ratio_to_best: float | None
    below_four_fifths: bool


def equity(rates: Sequence[tuple[str, float | None]], overall: float | None) -> tuple[EquityRow, ...]:
    """(group, published rate or None) -> each group's ratios and mark."""
    shown = [r for _, r in rates if r is not None]
    best = max(shown, default=None)
    rows = []
    for group, rate in rates:
        to_overall = rate / overall if rate is not None and overall else None
        to_best = rate / best if rate is not None and best else None
        rows.append(EquityRow(group, rate, to_overall, to_best, to_best is not None and to_best < FOUR_FIFTHS))
    return tuple(rows)
