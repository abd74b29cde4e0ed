"""Today's clinic list for clinic staff, and starting a patient's self-completed screen.

Design decisions:
- The list is the attendances at the user's sites on one Europe/London day (clinics run
  on the wall clock; times are stored in UTC), with today's screening status per patient.
  Other sites' patients never leave the database: the site filter is in the query.
- Starting a screen is keyed by the tablet's idempotency key (`sittings.start_session`),
  so a double tap starts one sitting; the hand-over that follows puts this browser
  session into patient mode (`handovers.start_handover`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Attendance, Clinic, Patient, ScreeningSession, Site
from screening.errors import NotFound
from screening.policy import Action, CurrentUser, require
from screening.services.audit import record_event
from screening.services.handovers import OpenHandover, start_handover
from screening.services.sittings import start_session

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class ClinicListRow:
    attendance_id: int
    appointment_at: datetime
    site: str
    clinic: str
    patient_name: str
    hospital_number: str
    attendance_status: str
    screening_status: str  # not offered, in progress, completed, declined, abandoned


def london_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, LONDON)
    return start, datetime.combine(day + timedelta(days=1), time.min, LONDON)


def clinic_list(session: Session, *, actor: CurrentUser, day: date) -> list[ClinicListRow]:
    require(actor, Action.VIEW_CLINIC_LIST)
    start, end = london_day_bounds(day)
    query = (
        select(Attendance, Patient, Clinic.name, Site.code)
        .join(Patient, Patient.id == Attendance.patient_id)
        .join(Clinic, Clinic.id == Attendance.clinic_id)
        .join(Site, Site.id == Clinic.site_id)
        .where(Attendance.appointment_at >= start, Attendance.appointment_at < end)
        .order_by(Attendance.appointment_at, Attendance.id)
    )
    if actor.site_ids is not None:
        query = query.where(Site.id.in_(actor.site_ids))
    rows = session.execute(query).all()
    statuses = _statuses(session, [a.id for a, *_ in rows])
    return [
        ClinicListRow(
            a.id, a.appointment_at, site_code, clinic_name, f"{p.family_name.upper()}, {p.given_name}",
            p.hospital_number, a.status, statuses.get(a.id, "not offered"),
        )
        for a, p, clinic_name, site_code in rows
    ]


def begin_self_screen(
    session: Session, *, actor: CurrentUser, attendance_id: int, idempotency_key: str,
    app_session: str, now: datetime,
) -> OpenHandover:
    """Start (or pick up) the sitting for this attendance and hand the tablet over."""
    attendance = session.get(Attendance, attendance_id)
    if attendance is None:
        raise NotFound("That appointment is not on the clinic list any more; reload the list.")
    clinic = session.get_one(Clinic, attendance.clinic_id)
    require(actor, Action.RUN_SCREENING, clinic.site_id)
    known = session.scalar(
        select(ScreeningSession.id).where(ScreeningSession.idempotency_key == idempotency_key))
    sitting = start_session(
        session, patient_id=attendance.patient_id, clinic_id=clinic.id, attendance_id=attendance.id,
        mode="self", language="English", staff_user_id=actor.user_id,
        idempotency_key=idempotency_key, now=now,
    )
    session.flush()
    if known is None:  # a repeated tap picks up the same sitting and audits nothing new
        record_event(
            session, actor=actor.username, actor_user_id=actor.user_id, action="session.started",
            entity_type="screening_session", entity_id=sitting.id, app_session=app_session,
            detail={"mode": "self", "bundle": sitting.bundle},
        )
    return start_handover(
        session, actor=actor, screening_session_id=sitting.id, app_session=app_session, now=now
    )


def _statuses(session: Session, attendance_ids: list[int]) -> dict[int, str]:
    """The latest sitting's status per attendance."""
    result: dict[int, str] = {}
    if not attendance_ids:
        return result
    query = (
        select(ScreeningSession.attendance_id, ScreeningSession.status)
        .where(ScreeningSession.attendance_id.in_(attendance_ids))
        .order_by(ScreeningSession.started_at)
    )
    for attendance_id, status in session.execute(query):
        result[attendance_id] = status.replace("_", " ")
    return result
