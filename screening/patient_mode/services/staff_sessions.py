"""Server-side staff sessions: started at sign-in, resumed on a reload, ended at sign-out or idle.

Design decisions:
- The token never touches the database: rows are found by `digest(token)`. A row is made
  at sign-in holding only a one-time ticket's digest (`start`); `redeem_ticket` swaps the
  ticket, once and within `TICKET_LIFE`, for a new token and ends the session the old
  cookie named ("replaced"): the rotation. A token made before a sign-in never becomes a
  signed-in one, so a planted cookie gains nothing.
- `resume` is the reload: a live row gives back its user. A row with an open patient
  hand-over gives back the hand-over instead of a staff screen, and never idles out (the
  patient is using the tablet; the hand-over's own two-hour limit still applies).
- Every start, cookie issue, resume and end is audited; the app_session names the
  Streamlit session in the log, never a person or a token.
- Services take a Session and never commit; a refusal returns None, so the caller's
  transaction commits the end of a stale session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import StaffSession, User
from screening.access.rules.sign_in_policy import SessionPolicy
from screening.audit.services.audit import record_event
from screening.patient_mode.rules.staff_session_rules import (
    END_REASONS,
    TICKET_LIFE,
    TOUCH_EVERY,
    digest,
    ending_reason,
    is_well_formed,
    new_secret,
)
from screening.patient_mode.services.handovers import open_handovers


@dataclass(frozen=True)
class Started:
    staff_session_id: int
    ticket: str  # for the browser, once; only its digest is stored


@dataclass(frozen=True)
class Resumed:
    staff_session_id: int
    user_id: int
    handover_id: int | None = None  # an open hand-over: patient mode, not a staff screen
    ended: str | None = None  # the session ended just now (idle, too old): sign in again

    @property
    def ok(self) -> bool:
        return self.ended is None


def start(session: Session, user_id: int, *, now: datetime, app_session: str) -> Started:
    """A signed-in session for this browser, waiting for its cookie."""
    ticket = new_secret()
    row = StaffSession(
        user_id=user_id,
        ticket_hash=digest(ticket),
        ticket_expires_at=now + TICKET_LIFE,
        app_session=app_session,
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    _audit(session, row, "auth.session_started")
    return Started(row.id, ticket)


def redeem_ticket(session: Session, ticket: str, *, old_token: str | None, now: datetime) -> str | None:
    """The new cookie token for a live, unexpired, unused ticket; None otherwise."""
    if not is_well_formed(ticket):
        return None
    row = session.scalar(select(StaffSession).where(StaffSession.ticket_hash == digest(ticket)).with_for_update())
    if row is None or row.ended_at is not None or row.ticket_expires_at is None or now >= row.ticket_expires_at:
        return None
    if is_well_formed(old_token) and digest(old_token) != row.token_hash:
        previous = _live(session, old_token)
        if previous is not None:
            _end(session, previous, "replaced", now)
    token = new_secret()
    row.token_hash, row.ticket_hash, row.ticket_expires_at = digest(token), None, None
    _audit(session, row, "auth.session_cookie_issued")
    return token


def resume(
    session: Session, token: str | None, *, now: datetime, policy: SessionPolicy, app_session: str
) -> Resumed | None:
    """After a reload: the session the cookie names, or None when it names none."""
    row = _live(session, token) if is_well_formed(token) else None
    if row is None:
        return None
    handover = row.handover_id
    if handover is not None and handover in {h.handover_id for h in open_handovers(session, row.user_id, now=now)}:
        _audit(session, row, "auth.session_resumed", app_session=app_session, patient_mode=True)
        return Resumed(row.id, row.user_id, handover_id=handover)
    reason = ending_reason(row.created_at, row.last_seen_at, now, policy)
    if reason is None and not session.scalar(select(User.active).where(User.id == row.user_id)):
        reason = "refused"
    if reason is not None:
        _end(session, row, reason, now)
        return Resumed(row.id, row.user_id, ended=reason)
    row.last_seen_at = now
    _audit(session, row, "auth.session_resumed", app_session=app_session)
    return Resumed(row.id, row.user_id)


def touch(session: Session, staff_session_id: int, *, now: datetime) -> None:
    """Activity on a staff screen (written at most every TOUCH_EVERY)."""
    session.execute(
        update(StaffSession)
        .where(
            StaffSession.id == staff_session_id,
            StaffSession.ended_at.is_(None),
            StaffSession.last_seen_at <= now - TOUCH_EVERY,
        )
        .values(last_seen_at=now)
    )


def bind_handover(session: Session, staff_session_id: int, handover_id: int, *, now: datetime) -> None:
    """This browser handed the tablet to a patient: a reload must not open staff screens."""
    row = session.get(StaffSession, staff_session_id)
    if row is not None and row.ended_at is None:
        row.handover_id, row.last_seen_at = handover_id, now
        _audit(session, row, "auth.session_patient_mode", handover_id=handover_id)


def end(session: Session, staff_session_id: int, *, reason: str, now: datetime) -> None:
    """Sign-out or idle timeout: the cookie no longer signs anyone in."""
    row = session.get(StaffSession, staff_session_id)
    if row is not None and row.ended_at is None:
        _end(session, row, reason, now)


def _live(session: Session, token: str) -> StaffSession | None:
    return session.scalar(
        select(StaffSession)
        .where(StaffSession.token_hash == digest(token), StaffSession.ended_at.is_(None))
        .with_for_update()
    )


def _end(session: Session, row: StaffSession, reason: str, now: datetime) -> None:
    if reason not in END_REASONS:
        raise ValueError(f"a session's end reason must be one of {END_REASONS}")
    row.ended_at, row.end_reason = now, reason
    row.ticket_hash = row.ticket_expires_at = None
    _audit(session, row, "auth.session_ended", reason=reason)


def _audit(
    session: Session, row: StaffSession, action: str, *, app_session: str | None = None, **detail: object
) -> None:
    username = session.scalar(select(User.username).where(User.id == row.user_id)) or "unknown"
    record_event(
        session,
        actor=username,
        actor_user_id=row.user_id,
        action=action,
        entity_type="staff_session",
        entity_id=row.id,
        detail=detail or None,
        app_session=app_session or row.app_session,
    )
