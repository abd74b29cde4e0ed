"""The grouped SQL and the naive pandas route agree, group for group, on a demo service.

Two independent implementations of the issue 8 definitions: one groups in the database
(`uptake_counts`), the other reads every row into pandas (`uptake_naive`). A small demo
service has every kind of patient and sitting the generator makes.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from demo.data import load_demo_data
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.uptake_dimensions import DIMENSIONS
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake_counts import group_counts
from screening.uptake.services.uptake_model import adjusted_odds
from screening.uptake.services.uptake_naive import naive_counts

END = date(2026, 11, 21)
YEAR = AnalyticsFilters(date(2025, 11, 22), END)
SPRING = AnalyticsFilters(date(2026, 3, 1), date(2026, 6, 30), site_codes=("KCH", "STH"),
                          diagnosis_groups=("Sickle cell disease", "Lymphoma"))  # fmt: skip
BREAKDOWNS = [(), *[(d,) for d in DIMENSIONS], ("site", "ethnic_group"), ("clinic", "site"), ("age_band", "gender")]


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    """The demo loader loads only into a database named as the demo."""
    return demo_db_url


@pytest.fixture
def demo(db_session: Session) -> Session:
    load_demo_data(db_session, seed=3, end=END, patients=160)
    return db_session


def test_sql_and_naive_routes_agree_for_every_breakdown_and_filter(demo: Session) -> None:
    for filters in (YEAR, SPRING):
        scope = resolve_scope(demo, None, filters)
        for by in BREAKDOWNS:
            sql = [(g.groups, {k: g.counts[k] for k in ("eligible", "offered", "screened", "declined")})
                   for g in group_counts(demo, scope, filters.utc_bounds(), by)]  # fmt: skip
            naive = [(g.groups, g.counts) for g in naive_counts(demo, scope, filters.utc_bounds(), by)]
            assert sql == naive, (filters, by)
            assert sql, by


def test_the_adjusted_model_runs_on_database_cells_with_the_largest_group_as_reference(demo: Session) -> None:
    rows = adjusted_odds(demo, None, YEAR, "site", resamples=20)
    references = [r for r in rows if r.reference]
    assert len(references) == 1 and references[0].odds_ratio == 1.0
    assert {r.group for r in rows} == {"GUY", "KCH", "PRUH", "STH"}
