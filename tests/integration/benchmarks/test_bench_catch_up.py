"""The benchmark's catch-up changes what each kind says it changes (issue 19).

A clinic list's visits are the latest each patient has, so a catch-up adds their rows and
rewrites none; a late list's land before a visit already summarised, so each also rewrites
that visit's rows (their previous day moves). The benchmark once dated every run's visit
a day before the last run's, and so timed a late list under the name of a clinic list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

import screening.uptake.services.uptake_days as uptake_days
from benchmarks.builders.database import build_bench_database
from benchmarks.builders.population import BenchSize
from models import UptakeDay, UptakeStale
from screening.cli import bench
from screening.database.services.database import open_database

SMALL = BenchSize(patients=200, attendances=2000, sessions=600)
BUILT_TO = date(2026, 10, 31)
QUEUED = 30
Row = tuple[str, date, int, int, int]


def _rows(session: Session, patients: list[int]) -> set[Row]:
    U = UptakeDay.__table__
    found = session.execute(select(U.c.unit, U.c.day, U.c.patient_id, U.c.place_id, U.c.row_hash)
                            .where(U.c.patient_id.in_(patients)))  # fmt: skip
    return {(unit, day, patient, place, row_hash) for unit, day, patient, place, row_hash in found}


def _watching(record: list[dict[str, Any]]) -> Callable[..., int]:
    """The refresh, noting which of the queued patients' rows each run removed and added."""
    refresh = uptake_days.refresh_uptake_days

    def watched(session: Session, **options: Any) -> int:
        patients = sorted(set(session.scalars(select(UptakeStale.patient_id))))
        before = _rows(session, patients)
        refreshed = refresh(session, **options)
        after = _rows(session, patients)
        record.append({"patients": len(patients), "removed": before - after, "added": after - before})
        return refreshed

    return watched


def test_a_clinic_lists_catch_up_adds_rows_and_a_late_lists_also_rewrites_the_visit_after_each(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(db_url, migrate=False)
    try:
        with database.transaction() as session:
            build_bench_database(session, size=SMALL, end=BUILT_TO, months=24)
        record: list[dict[str, Any]] = []
        monkeypatch.setattr(uptake_days, "refresh_uptake_days", _watching(record))
        monkeypatch.setattr(bench, "CATCH_UP_PATIENTS", QUEUED)
        end = BUILT_TO + timedelta(days=30)  # every visit the benchmark adds is after the service's own
        timings = bench._catch_up(database, 1, end)
        with database.transaction() as session:
            left = session.scalar(text("SELECT count(*) FROM attendances WHERE source_ref LIKE 'bench-catch-up-%'"))
    finally:
        database.dispose()

    assert list(timings) == ["nothing changed", "one more visit each", "a visit before the last each",
                             "every row changed"]  # fmt: skip
    # Each kind: a warm-up, one timed run (repeats=1), then the visits taken away again.
    assert len(record) == 12 and left == 0
    _, nothing, _, _, clinic_list, _, _, late_list, _, _, every_row, _ = record
    queued = clinic_list["patients"]
    assert 0 < queued <= QUEUED
    assert nothing["removed"] == nothing["added"] == set()
    # A clinic list: a row for each patient, their site and their clinic on the new day; none rewritten.
    assert clinic_list["removed"] == set()
    assert len(clinic_list["added"]) == 3 * queued
    assert {day for _, day, *_ in clinic_list["added"]} == {end}
    # A late list: the same three rows a day before the warm-up's visit, and that visit's rows rewritten.
    (late,) = {day for _, day, *_ in late_list["added"] if day != end - timedelta(days=1)}
    assert late == end - timedelta(days=2)
    assert len(late_list["added"]) == 6 * queued
    assert len(late_list["removed"]) == 3 * queued
    assert {day for _, day, *_ in late_list["removed"]} == {end - timedelta(days=1)}
    # Every row: new IMD deciles are written in place, so no row is removed or added.
    assert every_row["removed"] == every_row["added"] == set()
