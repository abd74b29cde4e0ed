"""Recording that a patient declined screening today, with the reason (issue 6).

Design decisions:
- A decline is a sitting with status "declined" and its reason (the CHECK constraint
  `declined_has_reason` insists), so uptake counts it beside completed and abandoned ones.
  It is never completed (`completion.COMPLETABLE` leaves it out) and holds no answers.
- Two taps on the page, one call here: the reason code from the short list plus optional
  typed words (`screening.clinic_day.rules.decline_reasons`).
- Idempotent: the same idempotency key, or an attendance already declined, returns that
  sitting and records nothing new; the first reason stands.
- An open sitting with no answers yet is itself marked declined (no second row). One that
  already holds answers is refused: those answers may include the risk question, and a
  decline would hide them from the rules; staff resume it or close it instead.
- The audit detail holds the reason's code and whether words were typed, never the words.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Answer, ScreeningSession
from screening.audit.services.audit import record_event
from screening.clinic_day.rules.decline_reasons import decline_text
from screening.errors import ConflictError
from screening.patient_mode.services.sitting_start import attendance_at_my_site, open_sitting
from screening.policy import CurrentUser
from screening.sittings.services.sittings import start_session


def decline_screening(
    session: Session,
    *,
    actor: CurrentUser,
    attendance_id: int,
    reason: str,
    free_text: str | None = None,
    idempotency_key: str,
    now: datetime,
    app_session: str | None = None,
) -> int:
    """Record the decline; return the declined sitting's id."""
    attendance, clinic = attendance_at_my_site(session, actor, attendance_id)
    text = decline_text(reason, free_text)
    known = session.scalar(select(ScreeningSession).where(ScreeningSession.idempotency_key == idempotency_key))
    if known is not None:
        if known.attendance_id == attendance.id and known.status == "declined":
            return known.id  # a double tap
        raise ConflictError("This tap was for another action; reload the clinic list and try again.")
    latest = session.scalar(
        select(ScreeningSession).where(ScreeningSession.attendance_id == attendance.id)
        .order_by(ScreeningSession.started_at.desc(), ScreeningSession.id.desc()).limit(1)
    )  # fmt: skip
    if latest is not None and latest.status == "declined":
        return latest.id
    if latest is not None and latest.status == "completed":
        raise ConflictError("This patient has completed today's screen; there is nothing to decline.")
    sitting = open_sitting(session, attendance.id)
    if sitting is not None:
        answered = session.scalar(select(func.count()).where(Answer.session_id == sitting.id)) or 0
        if answered:
            raise ConflictError(
                "This patient has already answered some questions: open the sitting to resume it, "
                "or close it as abandoned, rather than recording a decline."
            )
    elif attendance.status != "attended":
        raise ConflictError("This appointment is not recorded as attended, so there is no screen to decline.")
    else:
        sitting = start_session(
            session,
            patient_id=attendance.patient_id,
            clinic_id=clinic.id,
            attendance_id=attendance.id,
            mode="assisted",
            language="en",
            staff_user_id=actor.user_id,
            idempotency_key=idempotency_key,
            now=now,
        )
    sitting.status, sitting.decline_reason, sitting.ended_at, sitting.updated_at = "declined", text, now, now
    session.flush()
    record_event(
        session,
        actor=actor.username,
        actor_user_id=actor.user_id,
        action="session.declined",
        entity_type="screening_session",
        entity_id=sitting.id,
        app_session=app_session,
        detail={"reason": reason, "typed_words": bool((free_text or "").strip())},
    )
    return sitting.id
