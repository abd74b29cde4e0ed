"""The per-site week and month totals (`uptake_buckets`, issue 19): they always add up the
summary exactly, however it changed, and the uptake-over-time chart read from them counts
what the summary rows and the source tables count, diagnosis-group filter included."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import Date, Engine, literal, select, update
from sqlalchemy.orm import Session

from demo.data import load_demo_data
from models import Attendance, Clinic, Patient, ScreeningSession, UptakeBucket
from models.database import alembic_config, migrate_to_head
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.london_dates import BUCKET_DAYS
from screening.uptake.services.uptake_buckets import contributions
from screening.uptake.services.uptake_days import refresh_uptake_days
from screening.uptake.services.uptake_trend import trend_cells

B = UptakeBucket.__table__
GROUPS = ("Sickle cell disease", "Thalassaemia", "Lymphoma")  # a changed patient's new group


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    """The demo loader loads only into a database named as the demo."""
    return demo_db_url


@pytest.fixture
def demo(db_session: Session) -> Session:
    load_demo_data(db_session, seed=8, end=date(2026, 11, 21), patients=120)
    return db_session


def stored(db: Session) -> dict[tuple[object, ...], tuple[int, int]]:
    """The totals as stored, leaving out buckets that came down to nothing."""
    rows = db.execute(select(B.c.grain, B.c.first_day, B.c.site_id, B.c.diagnosis_group, B.c.eligible, B.c.screened))
    return {tuple(r[:4]): (r.eligible, r.screened) for r in rows if (r.eligible, r.screened) != (0, 0)}


def from_scratch(db: Session) -> dict[tuple[object, ...], tuple[int, int]]:
    """The totals worked out again from every summary row."""
    out = {}
    for grain in BUCKET_DAYS:
        for row in db.execute(contributions(None, grain, 1)):
            out[(row.grain, row.first_day, row.site_id, row.diagnosis_group)] = (row.eligible, row.screened)
    return out


def london_week_and_month(day: date) -> tuple[date, date, date, date]:
    monday = day - timedelta(days=day.weekday())
    first = day.replace(day=1)
    after = first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1)
    return monday, monday + timedelta(days=6), first, after - timedelta(days=1)


def test_the_week_and_month_of_a_date_in_sql_match_the_calendar_on_each_database(db_session: Session) -> None:
    # December into January, and a leap February (29 February 2028 is a Tuesday).
    days = [date(2027, 12, 20) + timedelta(days=n) for n in range(80)]
    (week_first, week_last), (month_first, month_last) = BUCKET_DAYS["week"], BUCKET_DAYS["month"]
    for day in days:
        value = literal(day, Date)
        row = db_session.execute(
            select(week_first(value), week_last(value), month_first(value), month_last(value))
        ).one()
        assert tuple(row) == london_week_and_month(day), day


def test_the_totals_add_up_the_summary_after_every_kind_of_change(demo: Session) -> None:
    refresh_uptake_days(demo)
    assert stored(demo) == from_scratch(demo) and len(stored(demo)) > 100
    pick = random.Random(4)
    patients = list(demo.scalars(select(Patient.id)))
    # Attendances cancelled, sittings completed and declined, diagnosis groups changed,
    # a clinic moved to another site, a patient who attended nothing, one seen at another site.
    cancelled = pick.sample(list(demo.scalars(select(Attendance.id))), 40)
    demo.execute(update(Attendance).where(Attendance.id.in_(cancelled)).values(status="cancelled"))
    sittings = list(demo.scalars(select(ScreeningSession.id)))
    demo.execute(update(ScreeningSession).where(ScreeningSession.id.in_(pick.sample(sittings, 30)))
                 .values(status="declined", decline_reason="Not today", completed_at=None))  # fmt: skip
    for patient in pick.sample(patients, 10):
        demo.execute(update(Patient).where(Patient.id == patient).values(diagnosis_group=pick.choice(GROUPS)))
    sites = sorted({site for site in demo.scalars(select(Clinic.site_id))})
    moved = demo.scalars(select(Clinic).where(Clinic.site_id == sites[0])).first()
    assert moved is not None
    moved.site_id = sites[-1]
    gone = pick.choice(patients)
    demo.execute(update(Attendance).where(Attendance.patient_id == gone).values(status="did_not_attend"))
    other = demo.scalars(select(Clinic.id).where(Clinic.site_id == sites[1])).first()
    demo.execute(update(Attendance).where(Attendance.patient_id == pick.choice(patients)).values(clinic_id=other))
    demo.flush()
    assert refresh_uptake_days(demo) > 40
    assert stored(demo) == from_scratch(demo)


def test_upgrading_fills_the_totals_from_the_summary_as_it_stands(db_engine: Engine, demo: Session) -> None:
    refresh_uptake_days(demo)
    expected = from_scratch(demo)
    demo.commit()
    command.downgrade(alembic_config(db_engine), "0015")
    migrate_to_head(db_engine)
    with Session(db_engine) as db:
        assert stored(db) == expected and expected


def test_the_chart_counts_only_the_chosen_diagnosis_groups_on_every_route(demo: Session) -> None:
    groups = sorted(set(demo.scalars(select(Patient.diagnosis_group))))
    pick = random.Random(9)
    for _ in range(6):
        first = date(2025, 12, 1) + timedelta(days=pick.randrange(200))
        last = first + timedelta(days=pick.randrange(20, 150))
        everyone = AnalyticsFilters(first, last)
        for grain in ("week", "month"):
            for summary in (True, False):
                whole = trend_cells(demo, resolve_scope(demo, None, everyone), everyone, grain, summary=summary)
                added: dict[tuple[str, int], tuple[int, int]] = {}
                for group in groups:
                    only = AnalyticsFilters(first, last, diagnosis_groups=(group,))
                    cells = trend_cells(demo, resolve_scope(demo, None, only), only, grain, summary=summary)
                    assert sum(n for n, _ in cells.values()) < sum(n for n, _ in whole.values()), group
                    for key, (n, s) in cells.items():
                        before = added.get(key, (0, 0))
                        added[key] = (before[0] + n, before[1] + s)
                assert added == whole, (first, last, grain, summary)
