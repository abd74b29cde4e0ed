"""Sittings left half-done: marked abandoned after a quiet spell, then resumed or closed by staff.

Design decisions:
- "Left" means idle: a sitting's last activity is the later of its own `updated_at`
  (start, resume, mode change) and its newest answer's `updated_at`. One in progress whose
  last activity is at least `ClinicDayPolicy.abandon_after` old (default 2 hours, issue 6)
  is marked abandoned by ONE conditional UPDATE, run when a clinic list loads; the answers
  stay exactly as they were. A sitting completed or declined in the meantime is untouched:
  the UPDATE only matches `in_progress`.
- A sitting begun from a secure link (issue 17) is not swept while its link still opens
  (until the end of the appointment day): the patient may stop in the evening and carry on
  in the morning. After that it is swept, scored and flagged like any other.
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
- Resume and close are compare-and-set UPDATEs (`... WHERE status = ...`), like
  completion's, so when "Finish" and "Close as abandoned" race on any database exactly one
  wins; the loser raises ConflictError naming what won and has written nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from models import Answer, Clinic, RemoteInvitation, ScreeningSession
from screening.audit.services.audit import record_event, record_sitting_event
from screening.errors import ConflictError
from screening.policy import Action, CurrentUser, require
from screening.sittings.rules.clinic_day_policy import ClinicDayPolicy, abandon_cutoff
from screening.sittings.rules.sitting_endings import already_ended
from screening.sittings.services.sitting_access import sitting_at_my_site
from screening.sittings.services.unfinished_sittings import judge_ended_sitting


def mark_abandoned(
    session: Session,
    *,
    actor: CurrentUser,
    now: datetime,
    policy: ClinicDayPolicy = ClinicDayPolicy(),
    app_session: str | None = None,
) -> int:
    """Mark every idle in-progress sitting at the user's sites abandoned; return how many."""
    require(actor, Action.VIEW_CLINIC_LIST)
    cutoff = abandon_cutoff(now, policy)
    busy = exists().where(Answer.session_id == ScreeningSession.id, Answer.updated_at > cutoff)
    link_open = exists().where(
        RemoteInvitation.screening_session_id == ScreeningSession.id, RemoteInvitation.expires_at > now
    )
    statement = (
        update(ScreeningSession)
        .where(ScreeningSession.status == "in_progress", ScreeningSession.updated_at <= cutoff, ~busy, ~link_open)
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
            session,
            actor=actor.username,
            actor_user_id=actor.user_id,
            action="sessions.abandoned",
            entity_type="screening_session",
            entity_id=None,
            app_session=app_session,
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
    sitting_at_my_site(session, actor, sitting_id, lock=True)
    if not _flip(session, sitting_id, "abandoned", to="in_progress", now=now):
        status, closed = _state(session, sitting_id)
        if status == "in_progress":
            return  # resumed already: a double tap, or a colleague
        raise ConflictError(already_ended(status, closed=closed, refused="resumed"))
    record_sitting_event(
        session, actor, "session.resumed", sitting_id, app_session=app_session, detail={"from": "abandoned"}
    )


def close_sitting(
    session: Session, *, actor: CurrentUser, sitting_id: int, now: datetime, app_session: str | None = None
) -> None:
    """Close a sitting as abandoned, keeping its answers; it is not offered for resuming again.

    Compare-and-set: the UPDATE names the status it changes from, so a "Finish" that won a
    moment earlier makes it change nothing, and this call raises ConflictError before
    writing anything (no audit, no scores, no flags)."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id, lock=True)
    for _ in range(2):  # twice: the idle sweep may mark it abandoned between the read and the UPDATE
        status, closed = _state(session, sitting_id)
        if status == "abandoned" and closed:
            return  # already closed: a double tap
        if status not in ("in_progress", "abandoned"):
            raise ConflictError(already_ended(status, closed=closed, refused="closed as abandoned"))
        if _flip(session, sitting_id, status, to="abandoned", now=now, ended=True):
            break
    else:
        raise ConflictError("This sitting changed while it was being closed; open the clinic list and try again.")
    session.refresh(sitting)
    answers = session.scalar(select(func.count()).where(Answer.session_id == sitting_id)) or 0
    record_sitting_event(
        session,
        actor,
        "session.closed",
        sitting_id,
        app_session=app_session,
        detail={"from": status, "answered_items": answers},
    )
    judge_ended_sitting(
        session,
        sitting,
        trigger="closed",
        actor=actor.username,
        actor_user_id=actor.user_id,
        now=now,
        app_session=app_session,
    )


def _flip(session: Session, sitting_id: int, before: str, *, to: str, now: datetime, ended: bool = False) -> bool:
    """One conditional UPDATE of an unclosed sitting from `before` to `to`; True if it changed the row."""
    values: dict[str, object] = {"status": to, "updated_at": now, **({"ended_at": now} if ended else {})}
    changed = session.execute(
        update(ScreeningSession)
        .where(ScreeningSession.id == sitting_id, ScreeningSession.status == before,
               ScreeningSession.ended_at.is_(None))
        .values(**values).returning(ScreeningSession.id).execution_options(synchronize_session=False)
    ).first()  # fmt: skip
    return changed is not None


def _state(session: Session, sitting_id: int) -> tuple[str, bool]:
    row = session.execute(
        select(ScreeningSession.status, ScreeningSession.ended_at).where(ScreeningSession.id == sitting_id)
    ).one()
    return row.status, row.ended_at is not None
