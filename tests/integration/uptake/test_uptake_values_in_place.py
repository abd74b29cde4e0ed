"""A patient's breakdown values that are in no key (ethnic category, IMD decile, gender,
language, interpreter) change on their summary rows in place (`uptake_values`, issue 19),
and the summary still comes out exactly as a rebuild from scratch would make it.

As in `test_uptake_row_hashes`, a wrong age written by hand into a row (its hash untouched)
shows whether the refresh rewrote it: a rewrite puts the right age back.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from demo.data import load_demo_data
from models import Attendance, Patient, UptakeBucket, UptakeDay, UptakeStale, UptakeValues
from screening.uptake.services import uptake_days
from screening.uptake.services.uptake_days import refresh_uptake_days
from tests import factories
from tests.integration.uptake.test_uptake_row_hashes import ages, requeue, spoil, two_patients
from tests.uptake_scenario import utc

U, V, B = UptakeDay.__table__, UptakeValues.__table__, UptakeBucket.__table__
NEW_VALUES = {"ethnic_category": "A", "imd_decile": 9, "imd_version": "IMD2025", "gender_code": "1",
              "preferred_language": "so", "interpreter_needed": True}  # fmt: skip
HELD = ("ethnic_category", "imd_decile", "gender_code", "preferred_language", "interpreter_needed")


def held(db: Session, patient_id: int) -> set[tuple[object, ...]]:
    """The distinct in-place values on the patient's summary rows."""
    return {tuple(r) for r in db.execute(select(*(U.c[n] for n in HELD)).where(U.c.patient_id == patient_id))}


def entry(db: Session, patient_id: int) -> tuple[object, ...] | None:
    found = db.execute(select(*(V.c[n] for n in HELD)).where(V.c.patient_id == patient_id)).first()
    return None if found is None else tuple(found)


def test_new_breakdown_values_are_written_on_every_row_in_place(db_session: Session) -> None:
    first, second, _ = two_patients(db_session)
    spoil(db_session, first, second)
    db_session.execute(update(Patient).where(Patient.id == second).values(**NEW_VALUES))
    assert refresh_uptake_days(db_session) == 1
    expected = ("A", 9, "1", "so", True)
    assert held(db_session, second) == {expected} and entry(db_session, second) == expected
    assert ages(db_session, second) == {3: {99}}  # updated in place, not written again
    assert held(db_session, first) == {("N", 4, "2", "English", False)}  # the other patient untouched
    assert ages(db_session, first) == {3: {99}}


def test_new_values_and_a_new_visit_together_change_every_row_and_write_only_the_visits(
    db_session: Session,
) -> None:
    first, _, clinic = two_patients(db_session)
    spoil(db_session, first)
    db_session.execute(update(Patient).where(Patient.id == first).values(**NEW_VALUES))
    factories.attendance(db_session, patient_id=first, clinic_id=clinic, appointment_at=utc(6, 10), status="attended")
    db_session.flush()
    refresh_uptake_days(db_session)
    assert held(db_session, first) == {("A", 9, "1", "so", True)}
    assert ages(db_session, first) == {3: {99}, 10: {36}}


def test_a_patients_rows_whose_values_are_not_known_are_all_replaced(db_session: Session) -> None:
    # As after the upgrade that added `uptake_values`: rows stored, no entry for them.
    first, second, _ = two_patients(db_session)
    spoil(db_session, first, second)
    db_session.execute(delete(V).where(V.c.patient_id == first))
    requeue(db_session, first, second)
    refresh_uptake_days(db_session)
    assert ages(db_session, first) == {3: {35}}  # replaced
    assert entry(db_session, first) == ("N", 4, "2", "English", False)
    assert ages(db_session, second) == {3: {99}}  # known, unchanged: left alone


def test_a_patient_no_longer_on_record_loses_their_entry_and_rows(db_session: Session) -> None:
    first, _, _ = two_patients(db_session)
    lone = factories.patient(db_session)  # no appointments: an entry, and no rows
    requeue(db_session, lone.id)
    refresh_uptake_days(db_session)
    assert entry(db_session, lone.id) is not None
    db_session.execute(delete(Attendance).where(Attendance.patient_id == first))
    db_session.execute(delete(Patient).where(Patient.id.in_((first, lone.id))))
    requeue(db_session, first, lone.id)
    refresh_uptake_days(db_session)
    assert entry(db_session, first) is None and entry(db_session, lone.id) is None
    assert ages(db_session, first) == {}


def test_a_change_made_while_the_refresh_runs_is_taken_in_whole_by_the_next_one(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # New values and a new visit; then, after the refresh has read the patient, the IMD
    # decile changes again (as a clinic's commit would land on PostgreSQL). Every row must
    # hold the values the refresh read, so the next refresh, queued by that change, can
    # bring them all up to date: the rows written new as well as those updated in place.
    first, _, clinic = two_patients(db_session)
    db_session.execute(update(Patient).where(Patient.id == first).values(imd_decile=7))
    factories.attendance(db_session, patient_id=first, clinic_id=clinic, appointment_at=utc(6, 10), status="attended")
    db_session.flush()
    worked_out = uptake_days.summary_frame

    def meanwhile(*frames: Any) -> Any:
        db_session.execute(update(Patient).where(Patient.id == first).values(imd_decile=2))
        return worked_out(*frames)

    monkeypatch.setattr(uptake_days, "summary_frame", meanwhile)
    refresh_uptake_days(db_session)
    monkeypatch.undo()
    assert {values[1] for values in held(db_session, first)} == {7} and len(ages(db_session, first)) == 2
    assert refresh_uptake_days(db_session) == 1
    assert {values[1] for values in held(db_session, first)} == {2} and entry(db_session, first)[1] == 2  # type: ignore[index]


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    """The demo loader loads only into a database named as the demo."""
    return demo_db_url


def snapshot(db: Session) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every summary row (hash included), every entry, and every non-zero per-site total."""
    return (
        [tuple(r) for r in db.execute(select(U).order_by(U.c.unit, U.c.day, U.c.patient_id, U.c.place_id))],
        [tuple(r) for r in db.execute(select(V).order_by(V.c.patient_id))],
        [tuple(r) for r in db.execute(select(B).where(B.c.eligible != 0).order_by(*B.c))],
    )


def test_after_random_changes_of_every_kind_the_summary_is_what_a_rebuild_makes(db_session: Session) -> None:
    load_demo_data(db_session, seed=11, end=date(2026, 11, 21), patients=120)
    refresh_uptake_days(db_session)
    pick = random.Random(19)
    patients = list(db_session.scalars(select(Patient.id)))
    for patient in pick.sample(patients, 40):
        change = pick.choice(["ethnic_category", "imd_decile", "gender_code", "preferred_language",
                              "interpreter_needed", "diagnosis_group", "date_of_birth", "visit", "all"])  # fmt: skip
        values: dict[str, object] = {
            "ethnic_category": {"ethnic_category": pick.choice(["A", "M", "N", "Z"])},
            "imd_decile": {"imd_decile": None, "imd_version": None} if pick.random() < 0.3
            else {"imd_decile": pick.randint(1, 10), "imd_version": "IMD2025"},
            "gender_code": {"gender_code": pick.choice(["1", "2", "9"])},
            "preferred_language": {"preferred_language": pick.choice(["en", "so", "pt", "yo"])},
            "interpreter_needed": {"interpreter_needed": pick.random() < 0.5},
            "diagnosis_group": {"diagnosis_group": pick.choice(["Thalassaemia", "Lymphoma"])},
            "date_of_birth": {"date_of_birth": date(1950, 1, 1) + timedelta(days=pick.randint(0, 20_000))},
            "visit": {},
            "all": dict(NEW_VALUES, diagnosis_group="Lymphoma"),
        }[change]  # fmt: skip
        if values:
            db_session.execute(update(Patient).where(Patient.id == patient).values(**values))
        if change in ("visit", "all"):
            clinic = db_session.scalars(select(Attendance.clinic_id).where(Attendance.patient_id == patient)).first()
            if clinic is not None:
                factories.attendance(db_session, patient_id=patient, clinic_id=clinic,
                                     appointment_at=utc(11, pick.randint(1, 20)), status="attended")  # fmt: skip
    db_session.flush()
    assert refresh_uptake_days(db_session) >= 35
    refreshed = snapshot(db_session)
    assert len(refreshed[0]) > 1000 and len(refreshed[1]) == len(patients)
    for table in (U, V, B):
        db_session.execute(delete(table))
    db_session.execute(insert(UptakeStale), [{"patient_id": p} for p in patients])
    refresh_uptake_days(db_session)
    assert snapshot(db_session) == refreshed
