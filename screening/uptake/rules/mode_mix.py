"""How each group's eligible patients were screened (issue 17): shares of the group, as published.

Design decisions:
- By definition a mode group's uptake is 100% and "Not screened"'s is 0%, so uptake per
  mode says nothing. What a manager asks ("does the link reach the groups the tablet
  misses, or widen the gap?") is, within each patient group, the share of its eligible
  patients screened on the tablet alone, with staff, from a link, or not at all. The shares
  of a group add up to 100%, and a group's "not screened" share is one minus its uptake.
- Each cell (group, mode) counts eligible units; the group's total is the exact sum of its
  cells (each unit is in exactly one mode group). Both are published with small-number
  suppression (clinical reference s7): the cells as a two-way table with its margins, the
  totals as the one-way table of the group alone (the same figures as the uptake table by
  that group). A share, and its Wilson interval, is worked out from the published counts
  and hidden when either is hidden, as every rate is (`uptake_table.rate`).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from screening.uptake.rules.suppression import Published
from screening.uptake.rules.uptake_table import UptakeRow, publish_counts, rate

MODE = "screening_mode"


@dataclass(frozen=True)
class ModeShare:
    groups: tuple[str, ...]  # (group, mode), or (mode,) for everyone
    patients: Published  # eligible units in the group screened that way (or not screened)
    group_total: Published  # the group's eligible units
    share: float | None  # None: hidden, or nobody eligible
    ci_low: float | None
    ci_high: float | None


def mode_shares(rows: Sequence[UptakeRow], *, suppress: bool) -> list[ModeShare]:
    """Rows keyed (..., mode), from `group_counts` by (group, "screening_mode") or ("screening_mode",)."""
    keys = [row.groups for row in rows]
    cells = publish_counts(keys, {"eligible": [row.eligible for row in rows]}, suppress=suppress)["eligible"]
    exact: dict[tuple[str, ...], int] = {}
    for row in rows:
        exact[row.groups[:-1]] = exact.get(row.groups[:-1], 0) + row.eligible
    groups = list(exact)
    totals = dict(zip(groups, publish_counts(groups, {"eligible": list(exact.values())}, suppress=suppress)["eligible"],
                      strict=True))  # fmt: skip
    out = []
    for key, published in zip(keys, cells, strict=True):
        total = totals[key[:-1]]
        out.append(ModeShare(key, published, total, *rate(published, total)))
    return out
