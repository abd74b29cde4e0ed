"""How well flags are reviewed, for service managers (issue 7; clinical reference s6, s8).

Pure functions over `FlagTiming` records (one per flag), so the dashboard can chart them
and tests can check them on hand-built data.

Design decisions:
- Durations are clock hours from the raise. The target is each flag's own due time
  (`screening.flag_review.rules.due_times`: urgent 4 clock hours, high 2 and routine 10 working days), so
  working days count once, there, and not again here.
- "Within target" means the outcome was recorded by the due time: the due time is when
  the queue calls an unfinished flag overdue. A flag is judged once its fate is known:
  closed (on time or late), or still open past its due time (late). Open flags not yet
  due are not judged, so the share is not flattered by work that is still in time.
- Median and 90th percentile as `screening.flag_review.rules.percentiles` defines them (nearest rank).
- Flags closed by the historical import (`historical_import`) were never reviewed here:
  they are left out of every measure.
- Counts are raw: a page that shows them to managers applies small-number suppression
  (clinical reference s7) at display, like every other aggregate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from screening.clinical.rules.codes import FLAG_PRIORITIES
from screening.flag_review.rules.percentiles import median, nearest_rank

HISTORICAL = "historical_import"


@dataclass(frozen=True)
class FlagTiming:
    priority: str
    raised_at: datetime
    due_at: datetime
    acknowledged_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    referred_to: str | None = None


@dataclass(frozen=True)
class Spread:
    count: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True)
class Share:
    met: int
    judged: int

    @property
    def ratio(self) -> float | None:
        return self.met / self.judged if self.judged else None


@dataclass(frozen=True)
class PriorityMetrics:
    priority: str
    to_acknowledge: Spread
    to_outcome: Spread
    within_target: Share
    open: int
    overdue: int


def spread(hours: Sequence[float]) -> Spread:
    return Spread(len(hours), median(hours), nearest_rank(hours, 90))


def hours_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def reviewed(timings: Iterable[FlagTiming]) -> list[FlagTiming]:
    """Every flag but those the historical import closed."""
    return [t for t in timings if t.outcome != HISTORICAL]


def time_to_acknowledge(timings: Iterable[FlagTiming]) -> Spread:
    return spread([hours_between(t.raised_at, t.acknowledged_at) for t in reviewed(timings) if t.acknowledged_at])


def time_to_outcome(timings: Iterable[FlagTiming]) -> Spread:
    return spread([hours_between(t.raised_at, t.closed_at) for t in reviewed(timings) if t.closed_at])


def within_target(timings: Iterable[FlagTiming], now: datetime) -> Share:
    met = judged = 0
    for t in reviewed(timings):
        if t.closed_at is not None:
            judged += 1
            met += t.closed_at <= t.due_at
        elif t.due_at < now:
            judged += 1
    return Share(met, judged)


def outcomes_by_type(timings: Iterable[FlagTiming]) -> dict[str, int]:
    """Closed flags per outcome code, and per referral destination as "referred:<code>"."""
    counts: Counter[str] = Counter()
    for t in reviewed(timings):
        if t.closed_at is not None and t.outcome is not None:
            counts[t.outcome] += 1
            if t.referred_to is not None:
                counts[f"referred:{t.referred_to}"] += 1
    return dict(sorted(counts.items()))


def open_and_overdue(timings: Iterable[FlagTiming], now: datetime) -> tuple[int, int]:
    unfinished = [t for t in reviewed(timings) if t.closed_at is None]
    return len(unfinished), sum(t.due_at < now for t in unfinished)


def by_priority(timings: Iterable[FlagTiming], now: datetime) -> tuple[PriorityMetrics, ...]:
    """Every measure for each priority that has flags, most pressing first."""
    rows = reviewed(timings)
    result = []
    for priority in FLAG_PRIORITIES:
        mine = [t for t in rows if t.priority == priority]
        if mine:
            still_open, overdue = open_and_overdue(mine, now)
            result.append(PriorityMetrics(
                priority, time_to_acknowledge(mine), time_to_outcome(mine), within_target(mine, now),
                still_open, overdue,
            ))  # fmt: skip
    return tuple(result)
