"""What each dashboard page shows, as one service call per page view (issue 8).

A page reads its inputs, calls one of these inside one transaction and draws the result;
each part is a published (suppressed unless granted otherwise) aggregate from the
analytics services, so the pages hold no SQL, no counting and no suppression logic.
`waiting` is how many patients' changes the uptake summary had not taken in when the
figures were read (0 unless SQLite's write lock was held by an import): changes that
tablets commit while a page is being counted are the next view's, as for any reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import Disclosure
from screening.uptake.rules.funnel import Funnel
from screening.uptake.rules.mode_mix import ModeShare
from screening.uptake.rules.uptake_dimensions import check_dimensions
from screening.uptake.rules.uptake_table import PublishedRow
from screening.uptake.services.analytics_access import check_disclosure
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake import Headline, headline_and_modes
from screening.uptake.services.uptake_cascade import CascadeRow, cascade_from
from screening.uptake.services.uptake_compare import EquityView, equity_from, heat_map_from, site_funnel
from screening.uptake.services.uptake_counts import group_counts
from screening.uptake.services.uptake_days import not_taken_in
from screening.uptake.services.uptake_model import OddsRow, cells_frame, model_breakdown, odds_from_cells
from screening.uptake.services.uptake_trend import UptakeTrend, uptake_trend


@dataclass(frozen=True)
class UptakePage:
    trend: UptakeTrend
    places: list[PublishedRow]
    funnel: Funnel
    waiting: int = 0  # patients whose latest changes the figures may not include yet


@dataclass(frozen=True)
class UptakeTiles:
    headline: Headline
    modes: list[ModeShare]  # how each group of the chosen breakdown was screened
    waiting: int = 0  # patients whose latest changes the figures may not include yet


@dataclass(frozen=True)
class EquityPage:
    equity: EquityView
    heat_map: list[PublishedRow]
    odds: list[OddsRow]
    cascade: list[CascadeRow]
    waiting: int = 0  # patients whose latest changes the figures may not include yet


def uptake_page(
    session: Session, user: CurrentUser, filters: AnalyticsFilters, *, grain: str, place: str,
    disclosure: Disclosure,
) -> UptakePage:  # fmt: skip
    """Uptake over time and the sites or clinics compared: what the chart controls choose."""
    places, funnel = site_funnel(session, user, filters, place, disclosure)
    return UptakePage(uptake_trend(session, user, filters, grain, disclosure), places, funnel, not_taken_in(session))


def uptake_tiles(
    session: Session, user: CurrentUser, filters: AnalyticsFilters, *, by: str | None, disclosure: Disclosure,
    now: datetime,
) -> UptakeTiles:  # fmt: skip
    """The headline tiles and "How patients were screened" by `by` (None: everyone), from
    one reading (`headline_and_modes`): a page's first view reads the period's patients
    twice in all (here, and by site or clinic for the funnel), and choosing another
    breakdown for the modes reads them once."""
    tiles, modes = headline_and_modes(session, user, filters, now=now, by=by, disclosure=disclosure)
    return UptakeTiles(tiles, modes, not_taken_in(session))


def equity_page(
    session: Session, user: CurrentUser, filters: AnalyticsFilters, *, dimension: str, disclosure: Disclosure,
    resamples: int = 200, seed: int = 8,
) -> EquityPage:  # fmt: skip
    """Two grouped queries answer the four views: counts by group with the flag measures
    (equity and cascade, patients as units), and cells by group, site, age band and gender
    (the model, and the heat map added up from them, patients at a site as units)."""
    (dimension,) = check_dimensions((dimension,))
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    bounds, suppress = filters.utc_bounds(), disclosure.suppress
    groups = group_counts(session, scope, bounds, (dimension,), flags=True)
    by = model_breakdown(dimension)
    cells = group_counts(session, scope, bounds, by)
    return EquityPage(
        equity_from(groups, dimension, suppress=suppress),
        heat_map_from(cells, by, dimension, suppress=suppress),
        odds_from_cells(cells_frame(cells, by), dimension, suppress=suppress, resamples=resamples, seed=seed),
        cascade_from(groups, suppress=suppress),
        not_taken_in(session),
    )
