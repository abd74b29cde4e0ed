"""The benchmark's synthetic service, built small: bulk paths on both backends, schema intact."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.builders.database import build_bench_database, stored_size
from benchmarks.builders.population import BenchSize, nhs_numbers
from models import Attendance, Base, Flag, ScreeningSession
from screening.errors import ConflictError
from screening.patients.rules.nhs_number import check_digit
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake_counts import group_counts
from screening.uptake.services.uptake_naive import naive_counts

SMALL = BenchSize(patients=300, attendances=3000, sessions=1000)
END = date(2026, 10, 31)


def test_a_small_synthetic_service_is_built_in_bulk_and_leaves_the_schema_as_migrated(db_session: Session) -> None:
    summary = build_bench_database(db_session, size=SMALL, end=END, months=24)
    assert summary.counts["patients"] == 300 and summary.counts["attendances"] == 3000
    assert db_session.scalar(select(func.count()).select_from(ScreeningSession)) == 1000
    assert db_session.scalar(select(func.count()).select_from(Flag)) == summary.counts["flags"] > 0
    # Every sitting hangs off an attended appointment of the same patient and clinic.
    mismatched = select(func.count()).select_from(ScreeningSession).join(
        Attendance, Attendance.id == ScreeningSession.attendance_id).where(
        (Attendance.patient_id != ScreeningSession.patient_id) | (Attendance.status != "attended"))  # fmt: skip
    assert db_session.scalar(mismatched) == 0
    assert stored_size(db_session) == SMALL
    context = MigrationContext.configure(db_session.connection(), opts={"compare_type": True})
    assert compare_metadata(context, Base.metadata) == []  # indexes and keys made again


def test_the_grouped_sql_agrees_with_the_naive_route_on_the_synthetic_service(db_session: Session) -> None:
    build_bench_database(db_session, size=SMALL, end=END, months=24)
    filters = AnalyticsFilters(date(2025, 11, 1), END)
    scope = resolve_scope(db_session, None, filters)
    for by in (("site", "ethnic_group"), ("age_band",)):
        sql = [(g.groups, {k: g.counts[k] for k in ("eligible", "offered", "screened", "declined")})
               for g in group_counts(db_session, scope, filters.utc_bounds(), by)]  # fmt: skip
        assert sql == [(g.groups, g.counts) for g in naive_counts(db_session, scope, filters.utc_bounds(), by)]


def test_the_benchmark_only_builds_into_an_empty_database(db_session: Session) -> None:
    build_bench_database(db_session, size=SMALL, end=END)
    with pytest.raises(ConflictError):
        build_bench_database(db_session, size=SMALL, end=END)


def test_synthetic_nhs_numbers_are_valid_and_unique() -> None:
    numbers = [str(n) for n in nhs_numbers(500)]
    assert len(set(numbers)) == 500
    assert all(n.startswith("999") and check_digit(n[:9]) == int(n[9]) for n in numbers)


def test_the_benchmark_finds_the_dashboard_render_script_and_keeps_databases_in_the_repositorys_data_folder() -> None:
    from screening.cli.bench import ROOT

    assert (ROOT / "benchmarks" / "dashboard_render.py").is_file()
    assert (ROOT / "README.md").is_file()
