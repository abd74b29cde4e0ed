"""Funnel plot of uptake: each site (or clinic) against its number eligible (issue 8).

Design decisions:
- The target is the overall rate of the units plotted (sum screened / sum eligible).
- Control limits at 95% and 99.8% for each denominator n use the Wilson score formula
  with the target rate in place of an observed one (`screening.uptake.rules.wilson.wilson_around`).
  Unlike the normal approximation p0 +/- z*sqrt(p0(1-p0)/n), these stay within 0-100%
  and are asymmetric near the ends, as exact binomial limits are; for large n the two
  agree.
- A unit is placed by its own rate against the limits at its own n: "within" 95%,
  "beyond 95%" (above or below) or "beyond 99.8%". Small units sit in the wide mouth of
  the funnel, so a high or low rate there is not, by itself, a signal: that is why
  sites are compared on a funnel and not ranked in a league table (Spiegelhalter 2005).
- `curve` samples the limits from half the smallest unit to a little past the largest,
  on a geometric grid, for drawing (from n = 1 the mouth of the funnel would fill the
  whole 0-100% axis and squash the units into a line).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from screening.uptake.rules.wilson import Z95, Z998, wilson_around

WITHIN, HIGH_95, LOW_95, HIGH_998, LOW_998 = (
    "within", "above 95%", "below 95%", "above 99.8%", "below 99.8%")  # fmt: skip


@dataclass(frozen=True)
class FunnelLimits:
    n: float
    low_95: float
    high_95: float
    low_998: float
    high_998: float


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    screened: int
    eligible: int
    rate: float
    position: str


@dataclass(frozen=True)
class Funnel:
    target: float
    points: tuple[FunnelPoint, ...]
    curve: tuple[FunnelLimits, ...]


def limits(target: float, n: float) -> FunnelLimits:
    inner, outer = wilson_around(target, n, Z95), wilson_around(target, n, Z998)
    return FunnelLimits(n, inner.low, inner.high, outer.low, outer.high)


def position(rate: float, at: FunnelLimits) -> str:
    if rate > at.high_998:
        return HIGH_998
    if rate < at.low_998:
        return LOW_998
    if rate > at.high_95:
        return HIGH_95
    return LOW_95 if rate < at.low_95 else WITHIN


def funnel(units: Sequence[tuple[str, int, int]], steps: int = 80) -> Funnel:
    """(label, screened, eligible) per unit -> the funnel; units with none eligible are left out."""
    rows = [(label, s, n) for label, s, n in units if n > 0]
    total = sum(n for _, _, n in rows)
    target = sum(s for _, s, _ in rows) / total if total else 0.0
    points = tuple(FunnelPoint(label, s, n, s / n, position(s / n, limits(target, n))) for label, s, n in rows)
    smallest = max(1.0, min((n for _, _, n in rows), default=1) / 2)
    largest = max((n for _, _, n in rows), default=1) * 1.1
    grid = [smallest * (largest / smallest) ** (i / (steps - 1)) for i in range(steps)]
    return Funnel(target, points, tuple(limits(target, n) for n in grid))
