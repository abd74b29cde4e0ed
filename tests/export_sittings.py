"""Sittings and users for the export tests, made through the real services.

Completed sittings go through `start_session`, `record_answers` and `complete_session`,
so their scores and flags are the ones the live app would store.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from models import Clinic, Patient, ScreeningSession
from questionnaires import load_instrument
from screening.access.services.accounts import create_user, load_current_user
from screening.policy import CurrentUser
from screening.sittings.services.completion import complete_session
from screening.sittings.services.sittings import record_answers, start_session
from tests import factories

PASSWORD = "correct-horse-battery-42"
FORMULA = '=HYPERLINK("http://x","y")'
_keys = count(1)


def user(db: Session, username: str, role: str = "administrator", sites: list[str] | None = None) -> CurrentUser:
    made = create_user(
        db, username=username, display_name="Ada Okafor", role=role, password=PASSWORD,
        site_codes=sites, actor=None,
    )  # fmt: skip
    return load_current_user(db, made.id)


def patient(db: Session, **fields: Any) -> Patient:
    """A patient with an NHS number of its own: `factories.nhs_number(n)` skips an invalid
    stem to the next one, so two neighbouring serials can collide; ten apart cannot here."""
    return factories.patient(db, nhs_number=factories.nhs_number(700_000 + 10 * next(_keys)), **fields)


def site_clinic(db: Session, code: str) -> Clinic:
    return factories.clinic(db, site_id=factories.site(db, code=code).id, code=f"{code}-HBO")


def completed(
    db: Session,
    patient: Patient,
    clinic: Clinic,
    started_at: datetime,
    *,
    phq9: tuple[Any, ...] = (1, 2, 1, 2, 1, 2, 1, 1, 0),
    gad7: tuple[Any, ...] = (2, 2, 2, 1, 1, 1, 1),
) -> ScreeningSession:
    """A completed PHQ-9 + GAD-7 sitting started at `started_at` (defaults: 11 and 10)."""
    sitting = _start(db, patient, clinic, started_at)
    for instrument_id, items in (("phq9", phq9), ("gad7", gad7)):
        values = {f"{instrument_id}_{n}": v for n, v in enumerate(items, start=1)}
        record_answers(db, sitting.id, values, instrument_id=instrument_id, instrument_version=load_instrument(instrument_id).version,
                       actor_user_id=None)  # fmt: skip
    finished = started_at + timedelta(minutes=9)
    complete_session(db, sitting.id, actor="tablet", actor_user_id=None, now=finished)
    return sitting


def declined(db: Session, patient: Patient, clinic: Clinic, started_at: datetime, reason: str) -> ScreeningSession:
    sitting = _start(db, patient, clinic, started_at)
    sitting.status, sitting.decline_reason, sitting.ended_at = "declined", reason, started_at
    db.flush()
    return sitting


def in_progress(db: Session, patient: Patient, clinic: Clinic, started_at: datetime) -> ScreeningSession:
    return _start(db, patient, clinic, started_at)


def _start(db: Session, patient: Patient, clinic: Clinic, started_at: datetime) -> ScreeningSession:
    return start_session(
        db, patient_id=patient.id, clinic_id=clinic.id, attendance_id=None, mode="self",
        language="en", staff_user_id=None, idempotency_key=f"export-test-{next(_keys)}", now=started_at,
    )  # fmt: skip
