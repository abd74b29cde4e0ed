"""Starting a patient's screen, resuming it, and choosing who fills in the questionnaire.

Design decisions:
- One open sitting per attendance: "Start screen" for an attendance that already has a
  sitting in progress, or abandoned and not closed, RESUMES that sitting (its answers kept)
  instead of starting a second one, so a reload, a second tablet or a dead battery never
  splits one screen in two (issue 6). The attendance row is locked first (a no-op UPDATE,
  so it works on SQLite too), so two tablets starting together find one sitting.
- A retried tap carries the same idempotency key and gets the same sitting back with nothing
  new audited (`sittings.start_session` settles a race on the key).
- `mode` is who fills in the questionnaire: "self" (handed over) or "assisted" (with staff).
  None means "not chosen yet": a new sitting starts as assisted, since staff are with the
  patient entering the Vital 5, and an open one keeps its mode. Choosing a mode on an open
  sitting records it, audited, so the record says how the answers were given.
- Screening is offered to patients who attended: a cancelled or did-not-attend appointment
  cannot start a sitting, whatever the page offers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Attendance, Clinic, ScreeningSession
from screening.audit.services.audit import record_sitting_event
from screening.errors import ConflictError, NotFound
from screening.patient_mode.services.handovers import OpenHandover, start_handover
from screening.policy import Action, CurrentUser, require
from screening.sittings.services.abandonment import resume_sitting
from screening.sittings.services.sitting_access import sitting_at_my_site
from screening.sittings.services.sittings import start_session


def start_or_resume(
    session: Session,
    *,
    actor: CurrentUser,
    attendance_id: int,
    mode: str | None,
    idempotency_key: str,
    now: datetime,
    app_session: str | None = None,
) -> int:
    """The id of the attendance's open sitting (resumed), or of a new one."""
    attendance, clinic = attendance_at_my_site(session, actor, attendance_id)
    known = session.scalar(select(ScreeningSession).where(ScreeningSession.idempotency_key == idempotency_key))
    if known is not None:
        if known.attendance_id != attendance.id:
            raise ConflictError("This start was for another appointment; reload the clinic list and start again.")
        return known.id  # a repeated tap
    sitting = open_sitting(session, attendance.id)
    if sitting is not None:
        if sitting.status == "abandoned":
            resume_sitting(session, actor=actor, sitting_id=sitting.id, now=now, app_session=app_session)
        if mode is not None:
            use_mode(session, actor, sitting, mode, now, app_session)
        return sitting.id
    if attendance.status != "attended":
        raise ConflictError("This appointment is not recorded as attended, so it cannot be screened.")
    sitting = start_session(
        session,
        patient_id=attendance.patient_id,
        clinic_id=clinic.id,
        attendance_id=attendance.id,
        mode=mode or "assisted",
        language="en",  # the patient may choose another on the welcome screen (sitting_language)
        staff_user_id=actor.user_id,
        idempotency_key=idempotency_key,
        now=now,
    )
    session.flush()
    record_sitting_event(
        session,
        actor,
        "session.started",
        sitting.id,
        app_session=app_session,
        detail={"mode": sitting.mode, "bundle": sitting.bundle},
    )
    return sitting.id


def begin_self_screen(
    session: Session,
    *,
    actor: CurrentUser,
    attendance_id: int,
    idempotency_key: str,
    app_session: str,
    now: datetime,
) -> OpenHandover:
    """Start (or resume) the attendance's sitting and hand the tablet over to the patient."""
    sitting_id = start_or_resume(session, actor=actor, attendance_id=attendance_id, mode="self",
                                 idempotency_key=idempotency_key, now=now, app_session=app_session)  # fmt: skip
    return start_handover(session, actor=actor, screening_session_id=sitting_id, app_session=app_session, now=now)


def hand_over_sitting(
    session: Session, *, actor: CurrentUser, sitting_id: int, app_session: str, now: datetime
) -> OpenHandover:
    """Hand this in-progress sitting to the patient (the one on the staff member's screen)."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id, lock=True)
    use_mode(session, actor, sitting, "self", now, app_session)
    return start_handover(session, actor=actor, screening_session_id=sitting.id, app_session=app_session, now=now)


def assist_sitting(
    session: Session, *, actor: CurrentUser, sitting_id: int, now: datetime, app_session: str | None = None
) -> None:
    """Staff will fill in this in-progress sitting's questionnaire with the patient."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id, lock=True)
    use_mode(session, actor, sitting, "assisted", now, app_session)


def use_mode(session: Session, actor: CurrentUser, sitting: ScreeningSession, mode: str, now: datetime,
             app_session: str | None) -> None:  # fmt: skip
    if sitting.status != "in_progress":
        raise ConflictError("This sitting is no longer in progress; open it again from the clinic list.")
    if sitting.mode != mode:
        sitting.mode, sitting.updated_at = mode, now
        record_sitting_event(
            session, actor, "session.mode_changed", sitting.id, app_session=app_session, detail={"mode": mode}
        )


def attendance_at_my_site(session: Session, actor: CurrentUser, attendance_id: int) -> tuple[Attendance, Clinic]:
    """The attendance, locked for this transaction, at a site where the user may screen."""
    # The lock is a write that changes nothing: PostgreSQL holds the row until commit, and
    # SQLite (no FOR UPDATE) makes a second writer wait for the first to commit and then
    # read afresh; either way the second start finds the first one's sitting.
    session.execute(
        update(Attendance)
        .where(Attendance.id == attendance_id)
        .values(updated_at=Attendance.updated_at)
        .execution_options(synchronize_session=False)
    )
    attendance = session.scalar(
        select(Attendance).where(Attendance.id == attendance_id).execution_options(populate_existing=True)
    )
    if attendance is None:
        raise NotFound("That appointment is not on the clinic list any more; reload the list.")
    clinic = session.get_one(Clinic, attendance.clinic_id)
    require(actor, Action.RUN_SCREENING, clinic.site_id)
    return attendance, clinic


def open_sitting(session: Session, attendance_id: int) -> ScreeningSession | None:
    """The attendance's sitting still to finish: in progress, or abandoned and not closed."""
    return session.scalar(
        select(ScreeningSession)
        .where(ScreeningSession.attendance_id == attendance_id, ScreeningSession.ended_at.is_(None),
               ScreeningSession.status.in_(("in_progress", "abandoned")))
        .order_by(ScreeningSession.started_at.desc(), ScreeningSession.id.desc())
        .limit(1)
    )  # fmt: skip
