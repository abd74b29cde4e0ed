"""The uptake summary (`uptake_days`): what a row holds, what queues a patient for a
refresh, and that the summary route counts exactly what the source-table route counts.

Hand-built patient (June 2026, BST; site S1 has clinics C1A and C1B):
  3 Jun  C1A  attended; sitting declined
  10 Jun C1A  attended; sitting completed with staff help, flag never reviewed, no outcome
  20 Jun C1B  sitting completed from a secure link, no flag
  30 Jun 23:30 UTC (1 Jul in London) C1A sitting abandoned, begun from a secure link
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from demo.data import load_demo_data
from models import Attendance, Clinic, Flag, Patient, ScreeningSession, Site, UptakeDay, UptakeStale
from models.database import alembic_config, migrate_to_head
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.uptake_table import publish_counts
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake import HEADLINE, headline_and_modes, screening_modes
from screening.uptake.services.uptake_counts import GroupCounts, group_counts
from screening.uptake.services.uptake_days import not_taken_in, queued_patients, refresh_uptake_days
from screening.uptake.services.uptake_summary_sql import summary_unit
from screening.uptake.services.uptake_trend import trend_cells
from tests import factories
from tests.concurrency import race
from tests.uptake_scenario import utc

NEXT = ("next_attended", "next_offered", "next_screened", "next_declined", "next_assisted", "next_flagged",
        "next_late", "next_unresolved", "next_remote")  # fmt: skip


def june(day: int) -> date:
    return date(2026, 6, day)


@pytest.fixture
def one_patient(db_session: Session) -> dict[str, int]:
    site = factories.site(db_session, code="S1", name="Site one")
    c1a = factories.clinic(db_session, site_id=site.id, code="C1A")
    c1b = factories.clinic(db_session, site_id=site.id, code="C1B")
    who = factories.patient(db_session, ethnic_category="N", gender_code="2", date_of_birth=date(1990, 6, 5))
    for day in (3, 10):
        factories.attendance(db_session, patient_id=who.id, clinic_id=c1a.id, appointment_at=utc(6, day),
                             status="attended")  # fmt: skip
    factories.screening_session(db_session, patient_id=who.id, clinic_id=c1a.id, started_at=utc(6, 3, 9, 30),
                                status="declined", decline_reason="Not today", mode="self")  # fmt: skip
    helped = factories.screening_session(db_session, patient_id=who.id, clinic_id=c1a.id, started_at=utc(6, 10, 9, 30),
                                         status="completed", completed_at=utc(6, 10, 9, 45), mode="assisted")  # fmt: skip
    db_session.add(Flag(session_id=helped.id, patient_id=who.id, kind="psychological", rule_code="phq9_threshold",
                        priority="routine", reason="test", due_at=utc(6, 17)))  # fmt: skip
    factories.screening_session(db_session, patient_id=who.id, clinic_id=c1b.id, started_at=utc(6, 20, 9, 30),
                                status="completed", completed_at=utc(6, 20, 9, 45), mode="self", remote=True)  # fmt: skip
    factories.screening_session(db_session, patient_id=who.id, clinic_id=c1a.id, started_at=utc(6, 30, 23, 30),
                                status="abandoned", mode="self", remote=True)  # fmt: skip
    db_session.flush()
    return {"patient": who.id, "site": site.id, "C1A": c1a.id, "C1B": c1b.id}


def rows(db: Session, unit: str, place: int) -> list[tuple[object, ...]]:
    U = UptakeDay.__table__
    query = select(U.c.day, U.c.prev_day, *(U.c[name] for name in NEXT)).where(U.c.unit == unit, U.c.place_id == place)
    return [tuple(row) for row in db.execute(query.order_by(U.c.day))]


def test_each_row_holds_the_units_previous_day_and_the_first_day_of_each_event_from_then_on(
    db_session: Session, one_patient: dict[str, int]
) -> None:
    refresh_uptake_days(db_session)
    d = june
    # day, prev, attended, offered, screened, declined, assisted, flagged, late, unresolved, remote
    expected_for_patient = [
        (d(3), None, d(3), d(3), d(10), d(3), d(10), d(10), d(10), d(10), d(20)),
        (d(10), d(3), d(10), d(10), d(10), None, d(10), d(10), d(10), d(10), d(20)),
        (d(20), d(10), None, d(20), d(20), None, None, None, None, None, d(20)),
        (date(2026, 7, 1), d(20), None, date(2026, 7, 1), None, None, None, None, None, None, None),
    ]
    assert rows(db_session, "patient", 0) == expected_for_patient
    assert rows(db_session, "site", one_patient["site"]) == expected_for_patient  # both clinics at one site
    assert rows(db_session, "clinic", one_patient["C1B"]) == [(d(20), None, None, d(20), d(20), *[None] * 5, d(20))]
    assert [r[:3] for r in rows(db_session, "clinic", one_patient["C1A"])] == [
        (d(3), None, d(3)), (d(10), d(3), d(10)), (date(2026, 7, 1), d(10), None)]  # fmt: skip
    copied = db_session.execute(select(UptakeDay.ethnic_category, UptakeDay.gender_code).distinct()).all()
    assert copied == [("N", "2")]
    ages = db_session.execute(select(UptakeDay.next_attended, UptakeDay.age_attended).distinct()).all()
    assert set(ages) == {(d(3), 35), (d(10), 36), (None, None)}  # born 5 June 1990: 36 on the 5th


@pytest.mark.parametrize(
    ("first", "last", "eligible", "screened", "declined"),
    [
        (3, 3, 1, 0, 1),  # the period is the first day: attended and declined
        (4, 9, 0, 0, 0),  # no attendance inside: not eligible, though seen on each side
        (10, 10, 1, 1, 0),  # starts on a later day: that row is the unit's first in the period
        (11, 30, 0, 0, 0),  # the 20 Jun sitting without an attendance is not counted
        (1, 30, 1, 1, 0),  # declined then screened in the period: screened, not declined
    ],
)
def test_counts_read_from_the_summary_at_the_edges_of_the_period(
    db_session: Session, one_patient: dict[str, int], first: int, last: int, eligible: int, screened: int, declined: int
) -> None:
    filters = AnalyticsFilters(june(first), june(last))
    (total,) = group_counts(db_session, resolve_scope(db_session, None, filters), filters.utc_bounds(), ())
    counts = total.counts
    assert (counts["eligible"], counts["screened"], counts["declined"]) == (eligible, screened, declined)


def queued(db: Session, patient_id: int) -> int:
    return int(db.scalar(select(func.count()).where(UptakeStale.patient_id == patient_id)) or 0)


CHANGES = {
    "an attendance's status": (update(Attendance).values(status="did_not_attend"), True),
    "a new attendance": (None, True),
    "a sitting's status": (
        update(ScreeningSession).where(ScreeningSession.status == "abandoned").values(status="in_progress"),
        True,
    ),
    "a deleted sitting": (delete(ScreeningSession).where(ScreeningSession.status == "abandoned"), True),
    "whether a sitting was begun from a secure link": (
        update(ScreeningSession).where(ScreeningSession.status == "abandoned").values(remote=False),
        True,
    ),
    "a flag acknowledged": (update(Flag).values(acknowledged_at=utc(6, 11), status="acknowledged"), True),
    "the patient's ethnic category": (update(Patient).values(ethnic_category="A"), True),
    "the patient's family name": (update(Patient).values(family_name="Other"), False),
    "an attendance's last-changed time only": (update(Attendance).values(updated_at=utc(7, 1)), False),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_the_definitions_read_queues_the_patient_and_nothing_else_does(
    db_session: Session, one_patient: dict[str, int], change: str
) -> None:
    refresh_uptake_days(db_session)
    assert queued(db_session, one_patient["patient"]) == 0
    statement, queues = CHANGES[change]
    if statement is None:
        factories.attendance(db_session, patient_id=one_patient["patient"], clinic_id=one_patient["C1B"],
                             appointment_at=utc(6, 25), status="attended")  # fmt: skip
    else:
        db_session.execute(statement)
    assert (queued(db_session, one_patient["patient"]) > 0) is queues


def test_a_reading_brings_the_summary_up_to_date_with_changes_in_its_own_transaction(
    db_session: Session, one_patient: dict[str, int]
) -> None:
    filters = AnalyticsFilters(june(1), june(30))
    scope = resolve_scope(db_session, None, filters)
    assert group_counts(db_session, scope, filters.utc_bounds(), ())[0].counts["eligible"] == 1
    db_session.execute(update(Attendance).values(status="did_not_attend"))
    assert group_counts(db_session, scope, filters.utc_bounds(), ())[0].counts["eligible"] == 0
    assert queued_patients(db_session) == 0


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    """The demo loader loads only into a database named as the demo."""
    return demo_db_url


@pytest.fixture
def demo(db_session: Session) -> Session:
    load_demo_data(db_session, seed=5, end=date(2026, 11, 21), patients=120)
    return db_session


def test_the_summary_and_the_source_tables_give_the_same_counts_for_random_periods_and_scopes(demo: Session) -> None:
    # Every third completed sitting begun from a secure link as well, so all three ways of
    # being screened (and remote with staff help) are in every period.
    demo.execute(update(ScreeningSession).where(ScreeningSession.id % 3 == 0).values(remote=True))
    pick = random.Random(21)
    scopes = [{}, {"site_codes": ("GUY",)}, {"site_codes": ("KCH", "STH")}, {"clinic_codes": ("GUY-HBO",)},
              {"diagnosis_groups": ("Sickle cell disease",)}]  # fmt: skip
    answered_by_summary = 0
    for _ in range(30):
        first = date(2025, 6, 1) + timedelta(days=pick.randrange(500))
        filters = AnalyticsFilters(first, first + timedelta(days=pick.randrange(0, 400)), **pick.choice(scopes))
        scope = resolve_scope(demo, None, filters)
        for by in [(), ("site",), ("clinic",), ("ethnic_group", "site"), ("age_band",), ("imd_quintile",),
                   ("screening_mode",), ("site", "screening_mode"), ("clinic", "screening_mode"),
                   ("ethnic_group", "screening_mode"), ("age_band", "screening_mode")]:  # fmt: skip
            summary = group_counts(demo, scope, filters.utc_bounds(), by, flags=True)
            assert summary == group_counts(demo, scope, filters.utc_bounds(), by, flags=True, summary=False), (
                filters,
                by,
            )
            answered_by_summary += summary_unit(scope, "site" if "site" in by else "patient") is not None
        for grain in ("week", "month"):
            summary = trend_cells(demo, scope, filters, grain)
            assert summary == trend_cells(demo, scope, filters, grain, summary=False), (filters, grain)
    assert answered_by_summary > 200  # most requests were answered by the summary, not the fallback


def test_the_tiles_and_how_everyone_was_screened_come_from_one_reading_with_the_same_counts(demo: Session) -> None:
    demo.execute(update(ScreeningSession).where(ScreeningSession.id % 3 == 0).values(remote=True))
    pick = random.Random(5)
    # Patients seen at two sites: in two site groups, but each is one patient on the tiles.
    elsewhere = demo.scalars(select(Clinic).join(Clinic.site).where(Site.code == "KCH")).first()
    assert elsewhere is not None
    at_guys = select(Attendance.patient_id).join(Clinic).join(Clinic.site).where(Site.code == "GUY")
    for patient_id in demo.scalars(at_guys.distinct().limit(15)):
        for month in range(0, 18, 3):
            day = utc(1, 10) + timedelta(days=30 * month) - timedelta(days=365)
            factories.attendance(demo, patient_id=patient_id, clinic_id=elsewhere.id, appointment_at=day,
                                 status="attended")  # fmt: skip
    demo.flush()
    scopes = [{}, {"site_codes": ("GUY",)}, {"site_codes": ("KCH", "STH")}, {"clinic_codes": ("GUY-HBO",)},
              {"diagnosis_groups": ("Sickle cell disease",)}]  # fmt: skip
    for _ in range(10):
        first = date(2025, 6, 1) + timedelta(days=pick.randrange(500))
        filters = AnalyticsFilters(first, first + timedelta(days=pick.randrange(0, 400)), **pick.choice(scopes))
        scope = resolve_scope(demo, None, filters)
        (total,) = group_counts(demo, scope, filters.utc_bounds(), (), flags=True) or [GroupCounts((), {})]
        alone = publish_counts([()], {name: [total.counts.get(name, 0)] for name in HEADLINE[:6]}, suppress=True)
        for by in (None, "ethnic_group", "site"):
            tiles, modes = headline_and_modes(demo, None, filters, now=datetime(2026, 11, 22, tzinfo=UTC), by=by)
            assert {name: tiles.counts[name] for name in HEADLINE[:6]} == {name: v[0] for name, v in alone.items()}
            assert modes == screening_modes(demo, None, filters, by), (filters, by)


def test_a_request_the_summary_does_not_hold_falls_back_to_the_source_tables(demo: Session) -> None:
    two_sites = resolve_scope(
        demo, None, AnalyticsFilters(date(2026, 1, 1), date(2026, 6, 30), site_codes=("KCH", "STH"))
    )
    assert summary_unit(two_sites, "patient") is None  # a patient seen at both counts once: needs grouping
    assert summary_unit(two_sites, "site") is not None
    one_clinic = resolve_scope(
        demo, None, AnalyticsFilters(date(2026, 1, 1), date(2026, 6, 30), clinic_codes=("KCH-GEN",))
    )
    assert summary_unit(one_clinic, "site") is None and summary_unit(one_clinic, "patient") is not None


def test_two_readers_refreshing_at_once_both_finish_with_one_copy_of_each_row(
    session_factory: sessionmaker[Session], one_patient: dict[str, int], db_session: Session
) -> None:
    db_session.commit()
    refreshed = race(session_factory, refresh_uptake_days, times=3)
    assert sorted(refreshed)[-1] == 1 and sum(refreshed) == 1
    with session_factory() as db:
        assert (
            db.scalar(select(func.count()).select_from(UptakeDay)) == 4 + 4 + 3 + 1
        )  # patient, site, C1A and C1B rows
        assert queued_patients(db) == 0


def test_how_screened_is_read_from_the_summary_rows_not_the_sittings(
    db_session: Session, one_patient: dict[str, int]
) -> None:
    filters = AnalyticsFilters(june(1), june(30))
    scope = resolve_scope(db_session, None, filters)
    by = ("screening_mode",)
    refresh_uptake_days(db_session)
    # The 20 Jun sitting no longer from a link, and the queue emptied by hand: the summary
    # still says remote, which shows which route answered.
    db_session.execute(update(ScreeningSession).where(ScreeningSession.remote.is_(True)).values(remote=False))
    db_session.execute(delete(UptakeStale))
    summary = group_counts(db_session, scope, filters.utc_bounds(), by)
    source = group_counts(db_session, scope, filters.utc_bounds(), by, summary=False)
    assert [g.groups for g in summary] == [("Remote (secure link)",)]
    assert [g.groups for g in source] == [("Tablet with staff (assisted)",)]


def test_the_language_and_interpreter_breakdowns_still_read_the_sittings(
    db_session: Session, one_patient: dict[str, int]
) -> None:
    filters = AnalyticsFilters(june(1), june(30))
    scope = resolve_scope(db_session, None, filters)
    refresh_uptake_days(db_session)
    db_session.execute(update(ScreeningSession).values(language="so"))
    db_session.execute(delete(UptakeStale))  # the summary cannot know: only the source route sees it
    (by_language,) = group_counts(
        db_session, scope, filters.utc_bounds(), ("administration_language", "screening_mode")
    )
    assert by_language.groups[0] == "Somali"


def test_upgrading_queues_every_patient_already_stored(db_engine: Engine) -> None:
    command.downgrade(alembic_config(db_engine), "0004")
    with Session(db_engine) as db:
        patient_id = factories.patient(db).id
        db.commit()
    migrate_to_head(db_engine)
    with Session(db_engine) as db:
        assert queued(db, patient_id) == 2  # by migrations 0005 and 0015 (a log: the refresh takes each patient once)


def test_upgrading_to_the_remote_event_queues_every_patient_so_their_rows_get_it(
    db_engine: Engine, one_patient: dict[str, int], db_session: Session
) -> None:
    refresh_uptake_days(db_session)
    db_session.commit()
    command.downgrade(alembic_config(db_engine), "0014")
    migrate_to_head(db_engine)
    with Session(db_engine) as db:
        assert queued(db, one_patient["patient"]) == 1
        refresh_uptake_days(db)
        assert [r[-1] for r in rows(db, "patient", 0)] == [june(20), june(20), june(20), None]


def test_a_clinic_write_still_in_flight_during_a_refresh_stays_queued_for_the_next_one(
    session_factory: sessionmaker[Session], one_patient: dict[str, int], db_session: Session, backend: str
) -> None:
    if backend != "postgresql":
        return  # SQLite has one writer at a time: a refresh cannot start while a write is in flight
    refresh_uptake_days(db_session)
    db_session.commit()
    with session_factory() as tablet, session_factory() as reader:
        factories.attendance(tablet, patient_id=one_patient["patient"], clinic_id=one_patient["C1B"],
                             appointment_at=utc(6, 26), status="attended")  # fmt: skip
        tablet.flush()  # queued, not yet committed
        assert refresh_uptake_days(reader) == 0
        reader.commit()
        tablet.commit()
    with session_factory() as later:
        assert queued(later, one_patient["patient"]) == 1
        assert refresh_uptake_days(later) == 1
        assert june(26) in [row[0] for row in rows(later, "clinic", one_patient["C1B"])]


def test_a_reading_goes_ahead_on_the_summary_as_it_stands_while_an_import_holds_sqlites_write_lock(
    db_engine: Engine, session_factory: sessionmaker[Session], backend: str
) -> None:
    if backend != "sqlite":
        return  # PostgreSQL writers never block a refresh: it waits only for another refresh
    with session_factory.begin() as db:
        site = factories.site(db, code="S1", name="Site one")
        clinic = factories.clinic(db, site_id=site.id, code="C1A")
        who = factories.patient(db)
        factories.attendance(db, patient_id=who.id, clinic_id=clinic.id, appointment_at=utc(6, 3), status="attended")
        refresh_uptake_days(db)
        factories.attendance(db, patient_id=who.id, clinic_id=clinic.id, appointment_at=utc(6, 4), status="attended")
    filters = AnalyticsFilters(june(1), june(30))
    with db_engine.connect() as importer:
        importer.exec_driver_sql("BEGIN IMMEDIATE")  # an import's long write transaction
        with session_factory() as reader:
            scope = resolve_scope(reader, None, filters)
            (total,) = group_counts(reader, scope, filters.utc_bounds(), ())
            assert total.counts["eligible"] == 1  # from the summary as it stood
            assert not_taken_in(reader) == 1  # the page says one patient's changes may be missing
        importer.exec_driver_sql("ROLLBACK")
    with session_factory() as reader:
        group_counts(reader, resolve_scope(reader, None, filters), filters.utc_bounds(), ())
        assert queued_patients(reader) == 0


def test_moving_a_clinic_to_another_site_queues_every_patient_seen_there(
    db_session: Session, one_patient: dict[str, int]
) -> None:
    other = factories.site(db_session, code="S2", name="Site two")
    bystander = factories.patient(db_session)
    refresh_uptake_days(db_session)
    db_session.execute(update(Clinic).where(Clinic.id == one_patient["C1B"]).values(site_id=other.id))
    assert queued(db_session, one_patient["patient"]) == 1 and queued(db_session, bystander.id) == 0
    refresh_uptake_days(db_session)
    assert [r[0] for r in rows(db_session, "site", other.id)] == [june(20)]  # the C1B sitting now counts at S2
