"""Uptake counts as the service returns them, and as they are published (issue 8).

Design decisions:
- `UptakeRow` holds exact counts; it never leaves the server in that form unless an
  administrator switched suppression off with a reason. `publish` turns rows into
  `PublishedRow`s: counts suppressed per clinical reference section 7 (primary and
  secondary, `screening.uptake.rules.suppression`), and the rate and its Wilson interval worked out
  from the published counts (hidden when either count is hidden).
- Unsuppressed, the same function is the identity on counts and the rates are exact, so
  the CLI, the dashboard and the tests read one kind of row either way.
- `publish_counts` is the general form for any table of count columns over the same
  groups (the cascade uses it): each column is suppressed on its own, with the table's
  margins (`margins_for`).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from screening.uptake.rules.suppression import HIDDEN, Published, margins_for, publish_column
from screening.uptake.rules.wilson import wilson_interval

COUNTS = ("eligible", "offered", "screened", "declined")


@dataclass(frozen=True)
class UptakeRow:
    groups: tuple[str, ...]
    eligible: int
    offered: int
    screened: int
    declined: int

    def __post_init__(self) -> None:
        if not (0 <= self.screened <= self.offered <= self.eligible and self.declined <= self.offered):
            raise ValueError(f"inconsistent counts for {self.groups}")


@dataclass(frozen=True)
class PublishedRow:
    groups: tuple[str, ...]
    eligible: Published
    offered: Published
    screened: Published
    declined: Published
    uptake: float | None  # None: hidden, or nobody eligible
    ci_low: float | None
    ci_high: float | None


def publish_counts(
    keys: Sequence[tuple[str, ...]], columns: Mapping[str, Sequence[int]], *, suppress: bool
) -> dict[str, list[Published]]:
    """Each count column as published (unchanged when `suppress` is off)."""
    if not suppress:
        return {name: list(values) for name, values in columns.items()}
    margins = margins_for(list(keys))
    published: dict[str, list[Published]] = {}
    for name, values in columns.items():
        cells: dict[tuple[object, ...], int] = dict(zip(keys, values, strict=True))
        column = publish_column(cells, margins)
        published[name] = [column[key] for key in keys]
    return published


def rate(numerator: Published, denominator: Published) -> tuple[float | None, float | None, float | None]:
    """(rate, 95% low, 95% high) from published counts; all None if either is hidden or 0."""
    if HIDDEN in (numerator, denominator) or not denominator:
        return None, None, None
    interval = wilson_interval(int(numerator), int(denominator))
    assert interval is not None
    return int(numerator) / int(denominator), interval.low, interval.high


def publish(rows: Sequence[UptakeRow], *, suppress: bool) -> list[PublishedRow]:
    keys = [row.groups for row in rows]
    counts = publish_counts(keys, {name: [getattr(r, name) for r in rows] for name in COUNTS}, suppress=suppress)
    out = []
    for i, key in enumerate(keys):
        values = {name: counts[name][i] for name in COUNTS}
        uptake, ci_low, ci_high = rate(values["screened"], values["eligible"])
        out.append(PublishedRow(key, **values, uptake=uptake, ci_low=ci_low, ci_high=ci_high))
    return out


def totals(rows: Sequence[UptakeRow]) -> UptakeRow:
    """The rows added up (exact): right when each unit is in exactly one row."""
    return UptakeRow(("Total",), *(sum(getattr(r, name) for r in rows) for name in COUNTS))
