"""The dashboard pages' figures, kept for five minutes per user and choice (issue 8).

Design decisions:
- Every widget on a page reruns its script; without this, choosing another site for the
  SPC chart would count a year of patients again (seconds on a large service). The cache
  holds only what the services return: published (suppressed unless granted) aggregates,
  never a row about a patient, an ORM object or a Session.
- The key is everything the figures depend on: the database URL, the signed-in
  `CurrentUser` (role and site scope included, reloaded on every run, so a changed role or
  scope misses the cache and the service checks again), the filters, the view choices, the
  `Disclosure` and, for the tiles' "flags due by now", the current minute.
- Five minutes, at most 64 entries: new sittings appear within five minutes, and a page's
  figures are a few kilobytes.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from screening.database.services.database import configured_url
from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import Disclosure
from screening.uptake.services.dashboards import (
    EquityPage,
    UptakePage,
    UptakeTiles,
    equity_page,
    uptake_page,
    uptake_tiles,
)
from ui.shell.runtime import database

TTL, ENTRIES = "5m", 64


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner="Counting the period's patients…")
def _uptake(url: str, user: CurrentUser, filters: AnalyticsFilters, grain: str, place: str,
            disclosure: Disclosure) -> UptakePage:  # fmt: skip
    with database().transaction() as session:
        return uptake_page(session, user, filters, grain=grain, place=place, disclosure=disclosure)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner="Counting the period's patients…")
def _equity(url: str, user: CurrentUser, filters: AnalyticsFilters, dimension: str,
            disclosure: Disclosure) -> EquityPage:  # fmt: skip
    with database().transaction() as session:
        return equity_page(session, user, filters, dimension=dimension, disclosure=disclosure)


@st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner="Counting the period's patients…")
def _tiles(url: str, user: CurrentUser, filters: AnalyticsFilters, by: str | None, disclosure: Disclosure,
           minute: datetime) -> UptakeTiles:  # fmt: skip
    with database().transaction() as session:
        return uptake_tiles(session, user, filters, by=by, disclosure=disclosure, now=minute)


def uptake_figures(user: CurrentUser, filters: AnalyticsFilters, *, grain: str, place: str,
                   disclosure: Disclosure) -> UptakePage:  # fmt: skip
    """Uptake over time and the sites or clinics compared."""
    return _uptake(configured_url(), user, filters, grain, place, disclosure)


def equity_figures(user: CurrentUser, filters: AnalyticsFilters, *, dimension: str,
                   disclosure: Disclosure) -> EquityPage:  # fmt: skip
    return _equity(configured_url(), user, filters, dimension, disclosure)


def tile_figures(user: CurrentUser, filters: AnalyticsFilters, *, by: str | None, disclosure: Disclosure,
                 now: datetime) -> UptakeTiles:  # fmt: skip
    """The tiles, and how each group of `by` was screened (issue 17): tablet alone, with staff,
    from a link, or not at all; "flags due by now" is judged at the current minute."""
    return _tiles(configured_url(), user, filters, by, disclosure, now.replace(second=0, microsecond=0))
