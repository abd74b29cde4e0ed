"""A clinic day for service tests: one clinic, a patient who attended this morning, its staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Answer, Attendance, AuditEvent, Clinic, Site
from questionnaires import load_instrument
from screening.access.services.accounts import load_current_user
from screening.patient_mode.services.sitting_start import start_or_resume
from screening.policy import CurrentUser
from screening.sittings.services.sittings import record_answers
from tests import factories

# Friday 20 November 2026, 10:00 in London (GMT).
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class ClinicDay:
    clinic: Clinic
    visit: Attendance
    staff: CurrentUser


def a_clinic_day(db: Session, **patient: Any) -> ClinicDay:
    clinic = factories.clinic(db)
    visit = a_visit(db, clinic, **patient)
    staff = factories.user(db, sites=[db.get(Site, clinic.site_id)])
    db.commit()
    return ClinicDay(clinic, visit, load_current_user(db, staff.id))


def a_started_sitting(db: Session, day: ClinicDay) -> int:
    """Staff start the day's sitting (not yet committed); returns its id."""
    return start_or_resume(db, actor=day.staff, attendance_id=day.visit.id, mode=None, idempotency_key="tap-1",
                           now=NOW)  # fmt: skip


def a_visit(db: Session, clinic: Clinic, at: datetime = NOW - timedelta(hours=1), status: str = "attended",
            **patient: Any) -> Attendance:  # fmt: skip
    person = factories.patient(db, **patient)
    return factories.attendance(db, clinic_id=clinic.id, patient_id=person.id, appointment_at=at, status=status)


def audit(db: Session, action: str | None = None) -> list[tuple[str, dict | None]]:
    query = select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return [(a, d) for a, d in db.execute(query)]


def answer(db: Session, sitting_id: int, instrument: str, answers: dict, at: datetime = NOW) -> None:
    """Save answers as if given at `at` (rows otherwise take the wall clock, and the idle rule reads it)."""
    record_answers(
        db,
        sitting_id,
        answers,
        instrument_id=instrument,
        instrument_version=load_instrument(instrument).version,
        actor_user_id=None,
        now=at,
    )
    db.execute(update(Answer).where(Answer.session_id == sitting_id).values(created_at=at, updated_at=at))
