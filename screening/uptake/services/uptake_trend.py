"""Uptake over time per site, as published counts and SPC p-charts (issue 8).

Design decisions:
- A unit here is a patient at a site in one London week or month (`uptake_periods`):
  eligible that week if they attended there that week, screened if a sitting there that
  week completed. Both are grouped in the database in one query: from the summary rows
  (`uptake_summary_sql.trend_query`) when the scope is whole sites, else from the source
  tables (`uptake_sql`, each time numbered by its bucket). Only (site, week) counts reach
  Python.
- Whole weeks and months are read from the per-site totals kept beside the summary
  (`uptake_buckets`, issue 19), clipped ones at the period's ends from the summary rows.
  The diagnosis-group filter applies on every route.
- The "All sites" series adds up the sites' counts, so a patient seen at two sites in
  one week counts at each, exactly as on the per-site charts.
- Published like any table: the (site, week) counts are suppressed as a two-way table
  (sites x weeks, `publish_counts`), the all-sites series as a one-way table; the
  p-chart is drawn from published counts, and a period with a hidden count is a gap.
- The week or month holding today is still running (issue 19): patients seen in it may
  yet be screened in it, so its point is drawn but not judged (`spc.p_chart`'s `running`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Patient
from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters, london_today
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure
from screening.uptake.rules.spc import SpcChart, p_chart
from screening.uptake.rules.suppression import shown
from screening.uptake.rules.uptake_periods import Bucket, london_periods, running_period, whole_bucket
from screening.uptake.rules.uptake_table import publish_counts
from screening.uptake.services.analytics_access import check_disclosure
from screening.uptake.services.analytics_scope import Scope, resolve_scope
from screening.uptake.services.uptake_buckets import bucket_counts
from screening.uptake.services.uptake_days import refresh_uptake_days
from screening.uptake.services.uptake_sql import eligible_units, joined, measures, sitting_units, tune
from screening.uptake.services.uptake_summary_sql import SummaryUnit, summary_unit, trend_query

P = Patient.__table__
ALL_SITES = "All sites"


@dataclass(frozen=True)
class UptakeTrend:
    grain: str
    periods: tuple[Bucket, ...]
    charts: dict[str, SpcChart]  # ALL_SITES first, then each site code
    table: list[dict[str, object]]  # published rows: site, period, eligible, screened
    running: date | None = None  # the first day of the period still running, if it is shown


def uptake_trend(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, grain: str,
    disclosure: Disclosure = SUPPRESSED, today: date | None = None,
) -> UptakeTrend:  # fmt: skip
    """Uptake over time; `today` (the London day, by default from the clock) says which
    period, if any, is still running."""
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    periods = london_periods(filters.start, filters.end, grain)
    running = running_period(periods, filters.end, london_today(datetime.now(UTC)) if today is None else today)
    cells = trend_cells(session, scope, filters, grain)
    sites = sorted({site for site, _ in cells})
    keys = [(site, str(k)) for site in sites for k in range(len(periods)) if (site, k) in cells]
    per_site = publish_counts(keys, {"eligible": [cells[(s, int(k))][0] for s, k in keys],
                                     "screened": [cells[(s, int(k))][1] for s, k in keys]},
                              suppress=disclosure.suppress)  # fmt: skip
    totals = [(str(k), sum(cells.get((s, k), (0, 0))[0] for s in sites),
               sum(cells.get((s, k), (0, 0))[1] for s in sites)) for k in range(len(periods))]  # fmt: skip
    overall = publish_counts([(k,) for k, _, _ in totals], {"eligible": [n for _, n, _ in totals],
                             "screened": [s for _, _, s in totals]}, suppress=disclosure.suppress)  # fmt: skip
    table: list[dict[str, Any]] = [{"site": ALL_SITES, "period": periods[int(k)].label, "eligible": n, "screened": s}
             for (k, _, _), n, s in zip(totals, overall["eligible"], overall["screened"], strict=True)]  # fmt: skip
    table += [{"site": site, "period": periods[int(k)].label, "eligible": n, "screened": s}
              for (site, k), n, s in zip(keys, per_site["eligible"], per_site["screened"], strict=True)]  # fmt: skip
    charts = {name: p_chart([(r["period"], int(r["screened"]), int(r["eligible"])) for r in table
                             if r["site"] == name and shown(r["eligible"]) and shown(r["screened"])], running)
              for name in (ALL_SITES, *sites)}  # fmt: skip
    return UptakeTrend(grain, tuple(periods), charts, table, running)


def trend_cells(
    session: Session, scope: Scope, filters: AnalyticsFilters, grain: str, *, summary: bool = True,
) -> dict[tuple[str, int], tuple[int, int]]:  # fmt: skip
    """(site code, bucket number) -> (eligible, screened) for the weeks or months of
    `london_periods`, from the summary when it holds the scope's units (`summary=False`
    forces the source tables; the tests compare them); only the scope's diagnosis groups."""
    periods = london_periods(filters.start, filters.end, grain)
    chosen = summary_unit(scope, "site")
    if summary and chosen is not None:
        refresh_uptake_days(session)
        days = [(bucket.label, (after.label - timedelta(days=1)) if after else filters.end)
                for bucket, after in zip(periods, [*periods[1:], None], strict=True)]  # fmt: skip
        return _summary_cells(session, scope, chosen, days, grain)
    starts = [b.start for b in periods]
    bounds = filters.utc_bounds()
    eligible = eligible_units(scope, bounds, "site", first_at=False, period=starts)
    sittings = sitting_units(scope, bounds, "site", flags=False, period=starts)
    count = {m.name: m for m in measures(sittings, flags=False)}
    source = joined(eligible, sittings, "site", period=True)
    query = select(eligible.c.unit, eligible.c.k, count["eligible"], count["screened"])
    if scope.diagnosis_groups:
        source = source.join(P, P.c.id == eligible.c.pid)
        query = query.where(P.c.diagnosis_group.in_(scope.diagnosis_groups))
    query = query.select_from(source).group_by(eligible.c.unit, eligible.c.k)
    tune(session)
    return {(scope.site_codes[site], k): (int(n), int(s)) for site, k, n, s in session.execute(query)}


def _summary_cells(session: Session, scope: Scope, chosen: SummaryUnit, days: list[tuple[date, date]],
                   grain: str) -> dict[tuple[str, int], tuple[int, int]]:  # fmt: skip
    """Whole weeks or months from the per-site totals (`uptake_buckets`), clipped ones
    from the summary rows (`trend_query`)."""
    whole = [k for k, (first, last) in enumerate(days) if whole_bucket(first, last, grain)]
    taken = set(whole)
    cells: dict[tuple[str, int], tuple[int, int]] = {}
    if whole:
        number = {days[k][0]: k for k in whole}  # a whole bucket's first day -> its number
        totals = bucket_counts(session, grain, (days[whole[0]][0], days[whole[-1]][0]), chosen.places,
                               scope.diagnosis_groups)  # fmt: skip
        cells = {(scope.site_codes[site], number[day]): counts for (site, day), counts in totals.items()}
    clipped = {k: bucket for k, bucket in enumerate(days) if k not in taken}
    if clipped:
        tune(session)
        query = trend_query(chosen, clipped, scope.diagnosis_groups)
        cells.update({(scope.site_codes[site], int(k)): (int(n), int(s)) for site, k, n, s in session.execute(query)})
    return cells
