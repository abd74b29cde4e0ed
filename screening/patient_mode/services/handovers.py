"""Patient mode: handing the tablet to a patient, and taking it back with a staff check.

Design decisions:
- A hand-over is a row (`models.Handover`), not only a flag in the browser session, so
  the server can refuse staff screens to a browser that is in patient mode, and can ask
  for a staff check when a browser signed in through the identity provider comes back
  after a reload while its user still has a hand-over open (issue 4).
- Leaving patient mode needs the staff member's password or PIN: `services.hand_back`,
  where wrong secrets count against the hand-over, never the account (issue 14).
- A hand-over older than `MAX_AGE` (the time after which a sitting counts as abandoned,
  issue 6) no longer asks for a staff check: it is closed as expired when next seen.
- Every start and end is audited against the sitting, never with patient details.
- A tablet handed back while its sitting is still in progress and before item 9 was
  reached raises "risk item unanswered" at once (clinical reference s1, v2), through
  `unfinished_sittings.judge_handed_back`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Clinic, Handover, ScreeningSession
from screening.audit.services.audit import record_sitting_event
from screening.errors import ConflictError, NotFound
from screening.policy import Action, CurrentUser, require
from screening.sittings.services.unfinished_sittings import judge_handed_back

MAX_AGE = timedelta(hours=2)


@dataclass(frozen=True)
class OpenHandover:
    handover_id: int
    screening_session_id: int
    app_session: str
    started_at: datetime


def start_handover(
    session: Session, *, actor: CurrentUser, screening_session_id: int, app_session: str, now: datetime
) -> OpenHandover:
    """Put this browser session into patient mode for one in-progress sitting."""
    require(actor, Action.RUN_SCREENING)
    sitting = session.get(ScreeningSession, screening_session_id)
    if sitting is None:
        raise NotFound("That screening sitting does not exist; start it again from the clinic list.")
    require(actor, Action.RUN_SCREENING, session.get_one(Clinic, sitting.clinic_id).site_id)
    if sitting.status != "in_progress":
        raise ConflictError("This sitting is no longer in progress; start a new one to hand over.")
    repeated = session.scalar(
        select(Handover).where(
            Handover.user_id == actor.user_id,
            Handover.screening_session_id == sitting.id,
            Handover.app_session == app_session,
            Handover.ended_at.is_(None),
        )
    )
    if repeated is not None:  # a double tap on "hand over": the same hand-over
        return _view(repeated)
    row = Handover(user_id=actor.user_id, screening_session_id=sitting.id, app_session=app_session, started_at=now)
    session.add(row)
    session.flush()
    record_sitting_event(session, actor, "patient_mode.started", sitting.id, app_session=app_session)
    return _view(row)


def open_handovers(session: Session, user_id: int, *, now: datetime) -> list[OpenHandover]:
    """The user's hand-overs still open; expired ones are closed on the way."""
    session.execute(
        update(Handover)
        .where(Handover.user_id == user_id, Handover.ended_at.is_(None), Handover.started_at <= now - MAX_AGE)
        .values(ended_at=now, end_reason="expired")
    )
    rows = session.scalars(
        select(Handover).where(Handover.user_id == user_id, Handover.ended_at.is_(None)).order_by(Handover.id)
    )
    return [_view(row) for row in rows]


def end_other_handovers(session: Session, *, actor: CurrentUser, now: datetime, app_session: str) -> int:
    """After a staff check on another device: close the user's remaining hand-overs."""
    rows = list(session.scalars(select(Handover).where(Handover.user_id == actor.user_id, Handover.ended_at.is_(None))))
    for row in rows:
        row.ended_at, row.end_reason = now, "ended_elsewhere"
        record_sitting_event(
            session, actor, "patient_mode.ended_elsewhere", row.screening_session_id, app_session=app_session
        )
        judge_handed_back(
            session,
            row.screening_session_id,
            actor=actor.username,
            actor_user_id=actor.user_id,
            now=now,
            app_session=app_session,
        )
    return len(rows)


def _view(row: Handover) -> OpenHandover:
    return OpenHandover(row.id, row.screening_session_id, row.app_session, row.started_at)
