"""Comparing places and groups: the funnel plot, the equity table and the heat map (issue 8).

Design decisions:
- Each view is one published `uptake_table` (so suppression, access and the audit rules
  are the ones the command line uses) plus pure arithmetic on the published figures:
  `screening.uptake.rules.funnel` and `screening.uptake.rules.equity`. Nothing here reads a row about a patient.
- The funnel compares sites, or clinics; its target is the overall rate of the units
  plotted. The equity table's "overall" is the published total of the same table, so
  its groups and its overall describe the same patients.
- The heat map is the two-way table site x group, suppressed as a two-way table.
- The `*_from` functions take counts already grouped, so one page view can answer
  several views from one query (`screening.uptake.services.dashboards`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure
from screening.uptake.rules.equity import EquityRow, equity
from screening.uptake.rules.funnel import Funnel, funnel
from screening.uptake.rules.suppression import shown
from screening.uptake.rules.uptake_dimensions import check_dimensions, sort_key
from screening.uptake.rules.uptake_table import PublishedRow, publish, totals
from screening.uptake.services.analytics_access import check_disclosure
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake import rows_of, uptake_table
from screening.uptake.services.uptake_counts import GroupCounts, group_counts


@dataclass(frozen=True)
class EquityView:
    dimension: str
    rows: list[PublishedRow]
    overall: PublishedRow
    equity: tuple[EquityRow, ...]


def site_funnel(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, place: str = "site",
    disclosure: Disclosure = SUPPRESSED,
) -> tuple[list[PublishedRow], Funnel]:  # fmt: skip
    """Sites (or clinics) on a funnel plot; the published rows are the chart's table."""
    rows = uptake_table(session, user, filters, (place,), disclosure)
    units = [(r.groups[0], int(r.screened), int(r.eligible)) for r in rows if shown(r.screened) and shown(r.eligible)]
    return rows, funnel(units)


def equity_from(groups: list[GroupCounts], dimension: str, *, suppress: bool) -> EquityView:
    """The equity view of counts per group of `dimension` (patients as units)."""
    exact = rows_of(groups)
    # The groups are one table (its margin is the total); the total is published on its own.
    rows = publish(exact, suppress=suppress)
    (overall,) = publish([totals(exact)], suppress=suppress)
    return EquityView(dimension, rows, overall, equity([(r.groups[0], r.uptake) for r in rows], overall.uptake))


def equity_view(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, dimension: str,
    disclosure: Disclosure = SUPPRESSED,
) -> EquityView:  # fmt: skip
    """Uptake per group with its interval, each group's ratio to the overall and the best."""
    (dimension,) = check_dimensions((dimension,))
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    groups = group_counts(session, scope, filters.utc_bounds(), (dimension,))
    return equity_from(groups, dimension, suppress=disclosure.suppress)


def heat_map_from(
    cells: list[GroupCounts], by: tuple[str, ...], dimension: str, *, suppress: bool
) -> list[PublishedRow]:
    """Site x group, added up from finer cells of the same units (patients at a site):
    each unit is in exactly one cell, so the sums are exact."""
    site, group = by.index("site"), by.index(dimension)
    added: dict[tuple[str, str], dict[str, int]] = {}
    for cell in cells:
        into = added.setdefault((cell.groups[site], cell.groups[group]), {})
        for name, count in cell.counts.items():
            into[name] = into.get(name, 0) + count
    keys = sorted(added, key=lambda k: (sort_key("site", k[0]), sort_key(dimension, k[1])))
    return publish(rows_of([GroupCounts(k, added[k]) for k in keys]), suppress=suppress)


def heat_map(
    session: Session,
    user: CurrentUser | None,
    filters: AnalyticsFilters,
    dimension: str,
    disclosure: Disclosure = SUPPRESSED,
) -> list[PublishedRow]:
    """Site x group uptake (a two-way table, suppressed as one)."""
    return uptake_table(session, user, filters, ("site", dimension), disclosure)
