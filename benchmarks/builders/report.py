"""Timings of the analytics benchmark, and the report it prints (issue 8).

Targets on the reference machine (2 cores): the uptake query under 1 s on each database,
at least 10 times faster than the naive route, within 2x of DuckDB answering the same
question from the same raw rows in memory (issue 19; `duckdb_anchor`), each dashboard
page's first full render under 2 s, a 24-month weekly trend under 0.5 s, and catching up
10,000 queued patients under 2 s after each kind of change in `CATCH_UPS` (issue 19). Each
figure is the median of the repeats; the fastest and slowest are shown too, because a
shared machine's load moves single runs a lot.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

QUERY_TARGET, RATIO_TARGET = 1.0, 10.0
RENDER_TARGET = 2.0  # issue 19: every dashboard page's first full render under 2 s at benchmark size
ANCHOR_TARGET = 2.0  # issue 19: the uptake query within 2x of DuckDB's on the same rows
TREND_TARGET = 0.5  # issue 19: a 24-month weekly trend under 0.5 s
CATCH_UP_TARGET = 2.0  # issue 19: catching up 10,000 queued patients under 2 s
CATCH_UP_PATIENTS = 10_000
# What the queued patients of the catch-up have had change (`screening.cli.bench._catch_up`).
CATCH_UPS = {
    "nothing changed": "nothing the summary holds (appointments booked ahead, flags reviewed in time)",
    "one more visit each": "one more attended appointment each, the latest they have (a clinic list)",
    "a visit before the last each": "one more attended appointment each, dated before their latest (a late list)",
    "every row changed": "every row (a new deprivation release: each patient's IMD decile)",
}


@dataclass(frozen=True)
class Timing:
    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def __str__(self) -> str:
        return f"{self.median:7.3f} s (min {min(self.runs):.3f}, max {max(self.runs):.3f}, n={len(self.runs)})"


def timed(action: Callable[[], object], repeats: int, *, warm_up: bool = True) -> Timing:
    """Run `action` once untimed (caches, plans), then `repeats` times timed."""
    if warm_up:
        action()
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return Timing(tuple(runs))


@dataclass
class BackendResult:
    backend: str
    build: str
    query: Timing | None = None
    naive: Timing | None = None
    anchor: Timing | None = None  # DuckDB, in memory, on the same raw rows (issue 19)
    anchor_load: str = ""  # what was loaded into DuckDB and how long it took (not in `anchor`)
    trend: Timing | None = None  # uptake over time, 24 months of weeks, every site
    # The refresh of `CATCH_UP_PATIENTS` queued patients, by what had changed for them (`CATCH_UPS`).
    catch_up: dict[str, Timing] = field(default_factory=dict)
    renders: dict[str, Timing] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _mark(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def report_lines(result: BackendResult) -> list[str]:
    lines = [f"{result.backend}: {result.build}"]
    if result.query is not None:
        lines.append(f"  uptake by site x ethnic group, 12 months: {result.query}  "
                     f"[{_mark(result.query.median < QUERY_TARGET)}: < {QUERY_TARGET:.0f} s]")  # fmt: skip
    if result.query is not None and result.naive is not None:
        ratio = result.naive.median / result.query.median
        lines.append(f"  naive route (rows into pandas, then group): {result.naive}")
        lines.append(f"  ratio naive / SQL: {ratio:.1f}x  [{_mark(ratio >= RATIO_TARGET)}: >= {RATIO_TARGET:.0f}x]")
    if result.anchor is not None:
        lines.append(f"  DuckDB anchor (raw tables in memory, plain SQL): {result.anchor}  [{result.anchor_load}]")
    if result.query is not None and result.anchor is not None:
        ratio = result.query.median / result.anchor.median
        lines.append(f"  ratio product / DuckDB: {ratio:.1f}x  "
                     f"[{_mark(ratio <= ANCHOR_TARGET)}: <= {ANCHOR_TARGET:.0f}x]")  # fmt: skip
    if result.trend is not None:
        lines.append(f"  uptake over time, 24 months of weeks per site: {result.trend}  "
                     f"[{_mark(result.trend.median < TREND_TARGET)}: < {TREND_TARGET} s]")  # fmt: skip
    for kind, timing in result.catch_up.items():
        lines.append(f"  catching up {CATCH_UP_PATIENTS:,} queued patients, {kind}: {timing}  "
                     f"[{_mark(timing.median < CATCH_UP_TARGET)}: < {CATCH_UP_TARGET:.0f} s; {CATCH_UPS[kind]}]")  # fmt: skip
    for page, timing in result.renders.items():
        lines.append(f"  dashboard first full render, {page}: {timing}  "
                     f"[{_mark(timing.median < RENDER_TARGET)}: < {RENDER_TARGET:.0f} s]")  # fmt: skip
    lines += [f"  note: {note}" for note in result.notes]
    return lines
