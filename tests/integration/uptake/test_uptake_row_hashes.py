"""The refresh rewrites only the summary rows that changed (`uptake_days.row_hash`,
issue 19), and every row stored without a hash.

To see whether a row was rewritten, a test writes a wrong age into it by hand (its hash
untouched): a rewrite puts the right age back, a row left alone keeps the wrong one.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from models import Attendance, Patient, UptakeBucket, UptakeDay, UptakeStale
from screening.uptake.services import uptake_days
from screening.uptake.services.uptake_days import refresh_uptake_days
from tests import factories
from tests.uptake_scenario import build, utc

U = UptakeDay.__table__


def two_patients(db: Session) -> tuple[int, int, int]:
    """Two patients seen on 3 June 2026 at one clinic, summary refreshed; and the clinic."""
    site = factories.site(db, code="S1", name="Site one")
    clinic = factories.clinic(db, site_id=site.id, code="C1")
    ids = []
    for number in (1, 2):
        who = factories.patient(db, date_of_birth=date(1990, 6, 5), imd_decile=3 + number, imd_version="IMD2019")
        factories.attendance(db, patient_id=who.id, clinic_id=clinic.id, appointment_at=utc(6, 3), status="attended")
        ids.append(who.id)
    db.flush()
    refresh_uptake_days(db)
    return ids[0], ids[1], clinic.id


def ages(db: Session, patient_id: int) -> dict[int, set[int | None]]:
    """Day of June -> the ages on that day's rows."""
    found: dict[int, set[int | None]] = {}
    for day, age in db.execute(select(U.c.day, U.c.age_attended).where(U.c.patient_id == patient_id)):
        found.setdefault(day.day, set()).add(age)
    return found


def spoil(db: Session, *patient_ids: int) -> None:
    db.execute(update(U).where(U.c.patient_id.in_(patient_ids)).values(age_attended=99))


def requeue(db: Session, *patient_ids: int) -> None:
    db.add_all([UptakeStale(patient_id=patient_id) for patient_id in patient_ids])
    db.flush()


def test_a_queued_patients_rows_that_come_out_the_same_are_not_rewritten(db_session: Session) -> None:
    first, second, _ = two_patients(db_session)
    assert ages(db_session, first) == {3: {35}}
    spoil(db_session, first, second)
    requeue(db_session, first)
    db_session.execute(update(Patient).where(Patient.id == second).values(diagnosis_group="Thalassaemia"))
    assert refresh_uptake_days(db_session) == 2
    assert ages(db_session, first) == {3: {99}}  # the same rows made: left as stored
    assert ages(db_session, second) == {3: {35}}  # its diagnosis group changed: rewritten
    assert set(db_session.scalars(select(U.c.diagnosis_group).where(U.c.patient_id == second))) == {"Thalassaemia"}


def test_a_new_visit_writes_its_own_rows_and_leaves_the_earlier_ones(db_session: Session) -> None:
    first, _, clinic = two_patients(db_session)
    spoil(db_session, first)
    factories.attendance(db_session, patient_id=first, clinic_id=clinic, appointment_at=utc(6, 10), status="attended")
    db_session.flush()
    refresh_uptake_days(db_session)
    assert ages(db_session, first) == {3: {99}, 10: {36}}
    assert set(
        db_session.scalars(select(U.c.prev_day).where(U.c.patient_id == first, U.c.day == date(2026, 6, 10)))
    ) == {date(2026, 6, 3)}


def test_rows_stored_without_a_hash_are_replaced_as_after_an_upgrade(db_session: Session) -> None:
    first, _, _ = two_patients(db_session)
    spoil(db_session, first)
    db_session.execute(update(U).where(U.c.patient_id == first).values(row_hash=None))
    requeue(db_session, first)
    refresh_uptake_days(db_session)
    assert ages(db_session, first) == {3: {35}}
    assert None not in set(db_session.scalars(select(U.c.row_hash).where(U.c.patient_id == first)))
    assert len(list(db_session.scalars(select(U.c.row_hash).where(U.c.patient_id == first)))) == 3


def test_a_patient_left_with_no_events_has_every_row_deleted(db_session: Session) -> None:
    first, second, _ = two_patients(db_session)
    db_session.execute(update(Attendance).where(Attendance.patient_id == first).values(status="did_not_attend"))
    refresh_uptake_days(db_session)
    assert ages(db_session, first) == {}
    assert ages(db_session, second) == {3: {35}}


def test_a_rebuild_in_several_chunks_writes_the_same_rows_and_totals_as_one(
    db_session: Session, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # More patients than `CHUNK` stage their new rows in a temporary table and insert them
    # at the end; up to `CHUNK` write them straight in. Both must leave the same summary.
    build(db_session)
    refresh_uptake_days(db_session)
    everything = select(U).order_by(U.c.unit, U.c.day, U.c.patient_id, U.c.place_id)
    buckets = select(UptakeBucket.__table__).where(UptakeBucket.eligible != 0).order_by(*UptakeBucket.__table__.c)
    in_one, totals = db_session.execute(everything).all(), db_session.execute(buckets).all()
    patients = list(db_session.scalars(select(Patient.id)))
    assert len(patients) > 4 and in_one
    db_session.execute(delete(U))
    db_session.execute(delete(UptakeBucket))
    db_session.execute(insert(UptakeStale), [{"patient_id": p} for p in patients])
    monkeypatch.setattr(uptake_days, "CHUNK", 2)
    assert refresh_uptake_days(db_session) == len(patients)
    assert db_session.execute(everything).all() == in_one
    assert db_session.execute(buckets).all() == totals
    # Rows without a hash are always replaced, so a second rebuild stages every row again:
    # rows left staged from the first would go in twice.
    db_session.execute(update(U).values(row_hash=None))
    requeue(db_session, *patients)
    assert refresh_uptake_days(db_session) == len(patients)
    assert db_session.execute(everything).all() == in_one
    assert db_session.execute(buckets).all() == totals


def test_breakdown_values_with_tabs_backslashes_and_line_breaks_are_stored_as_given(db_session: Session) -> None:
    # The refresh's bulk write (COPY text on PostgreSQL, a prepared INSERT on SQLite) keeps
    # every character, an empty text stays empty, and a missing IMD decile stays missing.
    first, _, _ = two_patients(db_session)
    odd = "Lang\twith\\odd\nbreaks\r \\N"
    db_session.execute(update(Patient).where(Patient.id == first).values(
        preferred_language=odd, diagnosis_group="", imd_decile=None, imd_version=None))  # fmt: skip
    refresh_uptake_days(db_session)
    stored = db_session.execute(
        select(U.c.preferred_language, U.c.diagnosis_group, U.c.imd_decile).where(U.c.patient_id == first)
    ).all()
    assert len(stored) == 3 and set(stored) == {(odd, "", None)}
