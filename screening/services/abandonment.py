"""Sittings left half-done: marked abandoned after a quiet spell, then resumed or closed by staff.

Design decisions:
- "Left" means idle: a sitting's last activity is the later of its own `updated_at`
  (start, resume, mode change) and its newest answer's `updated_at`. One in progress whose
  last activity is at least `ClinicDayPolicy.abandon_after` old (default 2 hours, issue 6)
  is marked abandoned by ONE conditional UPDATE, run when a clinic list loads; the answers
  stay exactly as they were. A sitting completed or declined in the meantime is untouched:
  the UPDATE only matches `in_progress`.
- The sweep covers the loading user's sites only, so the audit row (a count, never ids or
  names) is attributed to someone who can see those sittings.
- A sitting marked abandoned or closed is scored on what was answered and its flags
  raised then, "risk item unanswered" included when item 9 was never reached
  (`unfinished_sittings`, clinical reference s1 and s4, v2): no disclosed risk waits for
  a Finish that never comes.
- Resume puts an abandoned sitting back in progress (its answers intact) and restarts its
  idle clock; close marks it abandoned for good (`ended_at` set), so "Start screen" no
  longer resumes it and begins a new sitting instead. Both are audited; both are
  idempotent, so a double tap changes nothing twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from models import Answer, Clinic, ScreeningSession
from screening.clinic_day_policy import ClinicDayPolicy, abandon_cutoff
from screening.errors import ConflictError
from screening.policy import Action, CurrentUser, require
from screening.services.audit import record_event
from screening.services.sitting_access import sitting_at_my_site
from screening.services.unfinished_sittings import judge_ended_sitting


def mark_abandoned(
    session: Session, *, actor: CurrentUser, now: datetime, policy: ClinicDayPolicy = ClinicDayPolicy(),
    app_session: str | None = None,
) -> int:
    """Mark every idle in-progress sitting at the user's sites abandoned; return how many."""
    require(actor, Action.VIEW_CLINIC_LIST)
    cutoff = abandon_cutoff(now, policy)
    busy = exists().where(Answer.session_id == ScreeningSession.id, Answer.updated_at > cutoff)
    statement = (
        update(ScreeningSession)
        .where(ScreeningSession.status == "in_progress", ScreeningSession.updated_at <= cutoff, ~busy)
        .values(status="abandoned", updated_at=now)
        .returning(ScreeningSession.id)
        .execution_options(synchronize_session=False)
    )
    if actor.site_ids is not None:
        mine = select(Clinic.id).where(Clinic.site_id.in_(actor.site_ids))
        statement = statement.where(ScreeningSession.clinic_id.in_(mine))
    abandoned = sorted(session.scalars(statement).all())
    if abandoned:
        session.expire_all()  # copies of those sittings in this Session still say in progress
        record_event(
            session, actor=actor.username, actor_user_id=actor.user_id, action="sessions.abandoned",
            entity_type="screening_session", entity_id=None, app_session=app_session,
            detail={"count": len(abandoned), "idle_hours": policy.abandon_hours},
        )
        for sitting_id in abandoned:
            judge_ended_sitting(session, session.get_one(ScreeningSession, sitting_id), trigger="abandoned",
                                actor=actor.username, actor_user_id=actor.user_id, now=now,
                                app_session=app_session)  # fmt: skip
    return len(abandoned)


def resume_sitting(
    session: Session, *, actor: CurrentUser, sitting_id: int, now: datetime, app_session: str | None = None
) -> None:
    """Put an abandoned sitting back in progress; an in-progress one is left as it is."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id, lock=True)
    if sitting.status == "in_progress":
        return
    if sitting.status != "abandoned" or sitting.ended_at is not None:
        state = "closed" if sitting.status == "abandoned" else sitting.status.replace("_", " ")
        raise ConflictError(f"This sitting is {state}; start a new one from the clinic list.")
    sitting.status, sitting.updated_at = "in_progress", now
    _audit(session, actor, "session.resumed", sitting.id, app_session, {"from": "abandoned"})


def close_sitting(
    session: Session, *, actor: CurrentUser, sitting_id: int, now: datetime, app_session: str | None = None
) -> None:
    """Close a sitting as abandoned, keeping its answers; it is not offered for resuming again."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id, lock=True)
    if sitting.status == "abandoned" and sitting.ended_at is not None:
        return  # already closed: a double tap
    if sitting.status not in ("in_progress", "abandoned"):
        raise ConflictError(f"This sitting is {sitting.status}; only an unfinished one can be closed.")
    answers = session.scalar(select(func.count()).where(Answer.session_id == sitting.id)) or 0
    before = sitting.status
    sitting.status, sitting.ended_at, sitting.updated_at = "abandoned", now, now
    _audit(session, actor, "session.closed", sitting.id, app_session, {"from": before, "answered_items": answers})
    judge_ended_sitting(session, sitting, trigger="closed", actor=actor.username, actor_user_id=actor.user_id,
                        now=now, app_session=app_session)


def _audit(session: Session, actor: CurrentUser, action: str, sitting_id: int, app_session: str | None,
           detail: dict[str, object]) -> None:  # fmt: skip
    record_event(
        session, actor=actor.username, actor_user_id=actor.user_id, action=action,
        entity_type="screening_session", entity_id=sitting_id, app_session=app_session, detail=detail,
    )
