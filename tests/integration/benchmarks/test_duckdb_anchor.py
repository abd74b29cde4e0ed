"""DuckDB, the analytics benchmark's anchor (issue 19), counts what the product counts, from the raw tables.

On the hand-built June service (tests/uptake_scenario.py), whose site x ethnic group counts
are worked out by hand in tests/integration/uptake/test_uptake_definitions.py, and on a small
synthetic service; on both databases. The anchor's rows are read through a connection of
its own, so the data is committed first (each test has a fresh database).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from benchmarks.builders.database import build_bench_database
from benchmarks.builders.duckdb_anchor import compare, load_anchor
from benchmarks.builders.population import BenchSize
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake_counts import group_counts
from tests.uptake_scenario import JUNE, build

BY = ("site", "ethnic_group")


def _product(db: Session, filters: AnalyticsFilters) -> dict[tuple[str, ...], dict[str, int]]:
    return {g.groups: g.counts for g in group_counts(db, resolve_scope(db, None, filters), filters.utc_bounds(), BY)}


def test_on_the_june_service_duckdb_counts_the_hand_counted_units_as_the_product_does(db_session: Session) -> None:
    build(db_session)
    db_session.commit()
    anchor = load_anchor(db_session.get_bind())  # type: ignore[arg-type]  # an Engine in these tests
    try:
        found = anchor.uptake_by_site_and_ethnic_group(JUNE.utc_bounds())
    finally:
        anchor.close()
    assert anchor.rows["patients"] == 7 and anchor.rows["sites"] == 2
    # By hand (test_uptake_definitions): P3's 23:30 BST on 30 June is in, P4's visits on 31 May
    # and 1 July in London are out, P2 counts at both sites (declined at S1, screened at S2),
    # P7's sitting of 31 May 23:00 BST is before the period.
    hand = {("S1", "White"): (2, 2, 1, 1), ("S1", "Black"): (1, 1, 0, 1), ("S1", "Not stated"): (1, 0, 0, 0),
            ("S2", "Black"): (1, 1, 1, 0), ("S2", "Not known"): (1, 1, 0, 0)}  # fmt: skip
    assert {key: tuple(c.values()) for key, c in found.items()} == hand
    assert compare(_product(db_session, JUNE), found) == "counts match on all 5 groups"


def test_on_a_small_synthetic_service_duckdb_and_the_product_agree_group_for_group(db_session: Session) -> None:
    end = date(2026, 10, 31)
    build_bench_database(db_session, size=BenchSize(patients=300, attendances=3000, sessions=1000), end=end)
    db_session.commit()
    year = AnalyticsFilters(date(2025, 11, 1), end)
    anchor = load_anchor(db_session.get_bind())  # type: ignore[arg-type]
    try:
        found = anchor.uptake_by_site_and_ethnic_group(year.utc_bounds())
    finally:
        anchor.close()
    assert anchor.rows["attendances"] == 3000 and anchor.rows["screening_sessions"] == 1000
    product = _product(db_session, year)
    assert len(product) > 20 and sum(c["screened"] for c in product.values()) > 0
    assert compare(product, found) == f"counts match on all {len(product)} groups"


def test_the_comparison_names_the_first_group_that_differs_or_is_missing() -> None:
    product = {("S1", "White"): {"eligible": 2, "offered": 2, "screened": 1, "declined": 1, "assisted": 0}}
    same = {("S1", "White"): {"eligible": 2, "offered": 2, "screened": 1, "declined": 1}}
    assert compare(product, same) == "counts match on all 1 groups"
    off = {("S1", "White"): {"eligible": 2, "offered": 2, "screened": 0, "declined": 1}}
    assert compare(product, off).startswith("counts DIFFER: first mismatch S1 x White: product {")
    extra = {**same, ("S2", "Black"): {"eligible": 1, "offered": 0, "screened": 0, "declined": 0}}
    assert "S2 x Black: product None" in compare(product, extra)
