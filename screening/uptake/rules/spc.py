"""Statistical process control for uptake over time: a p-chart with the NHS "Making Data
Count" special-cause rules (issue 8).

Design decisions:
- p-chart: the centre line is the pooled rate over the points shown (sum screened / sum
  eligible); each point has its own limits, centre +/- 3 sigma with sigma =
  sqrt(p(1-p)/n_i) from that point's denominator, clipped to 0-100%. "Near a limit"
  means beyond 2 sigma.
- The four rules the issue names (MDC "plot the dots"):
  1. `outside`: a point above the upper or below the lower limit;
  2. `shift`: a run of 7 or more consecutive points on one side of the centre line
     (a point exactly on the line ends the run);
  3. `trend`: 7 or more consecutive points each higher (or each lower) than the one
     before (an equal value ends the run);
  4. `two_of_three`: 2 of 3 consecutive points beyond 2 sigma on the same side; the
     points beyond 2 sigma are marked.
  Every point of a qualifying run is marked, as the MDC charts do.
- Colours (MDC): special cause "improvement" (blue), "concern" (orange), or "common"
  cause (grey). Higher uptake is better, so a point above the centre (or in a rising
  trend) is improvement. When rules disagree on one point, the side of the centre line
  (rules 1, 2, 4) wins over the direction of a trend.
- Fewer than 12 points is too few to set limits (`MIN_POINTS`); `p_chart` then returns a
  chart with `enough = False` and the caller says so instead of drawing limits.
- A period still running (issue 19: the week or month holding today) is drawn but not
  judged: patients seen in it may yet be screened in it, so its rate is low until it ends,
  and the rules would flag a fall every Monday. It is left out of the centre line, the
  count of points and every rule, gets the limits of the others' centre for its own
  denominator, and is marked `running` with no rules (MDC: judge only complete periods).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

MIN_POINTS = 12
RUN = 7
IMPROVEMENT, CONCERN, COMMON, RUNNING = "improvement", "concern", "common", "running"


@dataclass(frozen=True)
class SpcPoint:
    period: date
    screened: int
    eligible: int
    rate: float
    lower: float
    upper: float
    rules: tuple[str, ...] = ()
    variation: str = COMMON  # RUNNING: the period is still running, and not judged


@dataclass(frozen=True)
class SpcChart:
    centre: float
    points: tuple[SpcPoint, ...]  # in time order; a running point, if any, last

    @property
    def judged(self) -> tuple[SpcPoint, ...]:
        """The points of complete periods: the ones the centre and the rules are worked from."""
        return tuple(p for p in self.points if p.variation != RUNNING)

    @property
    def running(self) -> SpcPoint | None:
        """The point of the period still running, if it is shown."""
        return next((p for p in self.points if p.variation == RUNNING), None)

    @property
    def enough(self) -> bool:
        return len(self.judged) >= MIN_POINTS


def _sigma(centre: float, n: int) -> float:
    return math.sqrt(centre * (1 - centre) / n)


def p_chart(series: Sequence[tuple[date, int, int]], running: date | None = None) -> SpcChart:
    """(period start, screened, eligible) in time order -> the chart; periods with no
    eligible patients are left out (no rate to plot). `running`: the start of the last
    period if it has not ended yet; its point is drawn but not judged."""
    rows = [(d, s, n) for d, s, n in series if n > 0]
    last = [(d, s, n) for d, s, n in rows if d == running]
    rows = [(d, s, n) for d, s, n in rows if d != running]
    total = sum(n for _, _, n in rows)
    centre = sum(s for _, s, _ in rows) / total if total else 0.0
    rates = [s / n for _, s, n in rows]
    sigmas = [_sigma(centre, n) for _, _, n in rows]
    marks: list[dict[str, int]] = [{} for _ in rows]  # rule -> +1 above / -1 below
    if len(rows) >= MIN_POINTS:
        _outside(rates, sigmas, centre, marks)
        _shift(rates, centre, marks)
        _trend(rates, marks)
        _two_of_three(rates, sigmas, centre, marks)
    points = tuple(
        SpcPoint(d, s, n, rate, *_limits(centre, sd), tuple(sorted(m)), _variation(m))
        for (d, s, n), rate, sd, m in zip(rows, rates, sigmas, marks, strict=True)
    )
    points += tuple(
        SpcPoint(d, s, n, s / n, *_limits(centre, _sigma(centre, n)), variation=RUNNING) for d, s, n in last
    )
    return SpcChart(centre, points)


def _limits(centre: float, sigma: float) -> tuple[float, float]:
    """The lower and upper control limits, centre -/+ 3 sigma, clipped to 0-100%."""
    return max(0.0, centre - 3 * sigma), min(1.0, centre + 3 * sigma)


def _side(rate: float, centre: float) -> int:
    return (rate > centre) - (rate < centre)


def _outside(rates: list[float], sigmas: list[float], centre: float, marks: list[dict[str, int]]) -> None:
    for i, (rate, sd) in enumerate(zip(rates, sigmas, strict=True)):
        if abs(rate - centre) > 3 * sd:
            marks[i]["outside"] = _side(rate, centre)


def _runs(signs: list[int]) -> list[tuple[int, int, int]]:
    """(start, end exclusive, sign) of each run of equal non-zero signs."""
    runs, start = [], 0
    for i in range(1, len(signs) + 1):
        if i == len(signs) or signs[i] != signs[start]:
            if signs[start] != 0:
                runs.append((start, i, signs[start]))
            start = i
    return runs


def _shift(rates: list[float], centre: float, marks: list[dict[str, int]]) -> None:
    for start, end, sign in _runs([_side(r, centre) for r in rates]):
        if end - start >= RUN:
            for i in range(start, end):
                marks[i]["shift"] = sign


def _trend(rates: list[float], marks: list[dict[str, int]]) -> None:
    steps = [_side(b, a) for a, b in itertools.pairwise(rates)]  # step i joins point i and i + 1
    for start, end, sign in _runs(steps):
        if end - start + 1 >= RUN:  # k rising steps join k + 1 points
            for i in range(start, end + 1):
                marks[i]["trend"] = sign


def _two_of_three(rates: list[float], sigmas: list[float], centre: float, marks: list[dict[str, int]]) -> None:
    beyond = [_side(r, centre) if abs(r - centre) > 2 * sd else 0 for r, sd in zip(rates, sigmas, strict=True)]
    for start in range(len(rates) - 2):
        for sign in (1, -1):
            hits = [i for i in range(start, start + 3) if beyond[i] == sign]
            if len(hits) >= 2:
                for i in hits:
                    marks[i]["two_of_three"] = sign


def _variation(marks: dict[str, int]) -> str:
    if not marks:
        return COMMON
    sides = [sign for rule, sign in marks.items() if rule != "trend"]
    sign = sides[0] if sides else marks["trend"]
    return IMPROVEMENT if sign > 0 else CONCERN
