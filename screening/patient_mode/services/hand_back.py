"""Taking the tablet back from a patient: the staff check, and the hand-over's own lock (issue 14).

Design decisions:
- Wrong secrets typed into the hand-back box count against THIS hand-over, never against
  the staff member's account. A patient holds that tablet; if the box counted towards the
  account's lockout, five taps by a patient would lock the staff member out of every
  device for 15 minutes. The account's lockout stays on the sign-in form, and a lock on
  the account (someone guessing at the sign-in form) does not stop the staff member
  taking a tablet back.
- After `SessionPolicy.max_failures` wrong secrets (5, the account's own number) the
  hand-over locks. A locked hand-over is taken back only with the staff member's own
  PASSWORD, typed in the same box; the PIN no longer works. A PIN is a few digits that a
  patient may have watched being typed or could guess in a day of tries; the password is
  long. We chose the hand-over's own staff member rather than "any colleague of the site":
  the box lives inside that member's signed-in session, so it needs no second sign-in
  form on a patient's screen, and only the person accountable for the hand-over ends it.
  If that person has gone, closing the browser ends the session (the patient's answers are
  saved per section) and a colleague signs in afresh.
- The lock has no end time: a locked tablet stays in patient mode, the safe state. Wrong
  secrets while locked keep counting and are audited; the right password unlocks (clears
  `locked_at`) and ends the hand-over in one step, since the person typing it has the
  tablet in hand. `failed_attempts` is kept as the hand-over's history.
- Audit: every wrong secret (`patient_mode.hand_back_failed`, reason code and count), the
  lock (`patient_mode.locked`), the unlock (`patient_mode.unlocked`) and the end
  (`patient_mode.ended`, with which secret was used). Codes and counts only: never what
  was typed, never patient details. The result is returned, not raised, so the counter
  and the audit rows commit with the caller's transaction.
- The hand-over row is read FOR UPDATE (PostgreSQL), so two taps at once cannot both slip
  under the limit.
- The staff check after a reload (`services.staff_check`) counts against the same rows by
  the same rules (`accepted`, `count_wrong`, `unlock`).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Handover
from screening.access.rules.sign_in_policy import SessionPolicy
from screening.access.services.sign_in import staff_secret_kind
from screening.audit.services.audit import record_sitting_event
from screening.errors import NotFound
from screening.policy import CurrentUser
from screening.sittings.services.unfinished_sittings import judge_handed_back


class HandBack(Enum):
    ACCEPTED = "accepted"  # the staff secret was accepted: the tablet is back with staff
    WRONG = "wrong"  # not right; more tries left before the lock
    LOCKED = "locked"  # locked (just now or before): only the staff password takes it back


def end_handover(
    session: Session,
    *,
    actor: CurrentUser,
    handover_id: int,
    secret: str,
    now: datetime,
    app_session: str,
    policy: SessionPolicy = SessionPolicy(),
) -> HandBack:
    """Leave patient mode if `secret` is the staff member's password, or PIN while unlocked."""
    row = _own_row(session, actor, handover_id, for_update=True)
    kind = staff_secret_kind(session, actor.user_id, secret)
    if not accepted(kind, locked=row.locked_at is not None):
        return count_wrong(session, actor, row, now, policy, app_session)
    unlock(session, actor, row, app_session, kind)
    if row.ended_at is None:
        row.ended_at, row.end_reason = now, "staff_check"
        _audit(session, actor, "patient_mode.ended", row, app_session, method=kind)
        judge_handed_back(
            session,
            row.screening_session_id,
            actor=actor.username,
            actor_user_id=actor.user_id,
            now=now,
            app_session=app_session,
        )
    return HandBack.ACCEPTED


def hand_back_locked(session: Session, *, actor: CurrentUser, handover_id: int) -> bool:
    """Whether this hand-over is locked, so the box asks for the staff password only."""
    return _own_row(session, actor, handover_id, for_update=False).locked_at is not None


def accepted(kind: str | None, *, locked: bool) -> bool:
    """The password always takes a tablet back; the PIN only while the hand-over is not locked."""
    return kind == "password" or (kind == "pin" and not locked)


def count_wrong(
    session: Session, actor: CurrentUser, row: Handover, now: datetime, policy: SessionPolicy, app_session: str
) -> HandBack:
    """Count one refused secret against this hand-over; lock it at the limit."""
    row.failed_attempts += 1
    if row.locked_at is not None:
        _audit(
            session,
            actor,
            "patient_mode.hand_back_failed",
            row,
            app_session,
            reason="locked",
            failed_attempts=row.failed_attempts,
        )
        return HandBack.LOCKED
    _audit(
        session,
        actor,
        "patient_mode.hand_back_failed",
        row,
        app_session,
        reason="wrong_secret",
        failed_attempts=row.failed_attempts,
    )
    if row.failed_attempts < policy.max_failures:
        return HandBack.WRONG
    row.locked_at = now
    _audit(session, actor, "patient_mode.locked", row, app_session, failed_attempts=row.failed_attempts)
    return HandBack.LOCKED


def unlock(session: Session, actor: CurrentUser, row: Handover, app_session: str, method: str | None) -> None:
    """Clear a hand-over's lock (after the staff password); nothing to do when it is not locked."""
    if row.locked_at is not None:
        row.locked_at = None
        _audit(session, actor, "patient_mode.unlocked", row, app_session, method=method)


def _own_row(session: Session, actor: CurrentUser, handover_id: int, *, for_update: bool) -> Handover:
    query = select(Handover).where(Handover.id == handover_id)
    row = session.scalar(query.with_for_update() if for_update else query)
    if row is None or row.user_id != actor.user_id:
        raise NotFound("No such hand-over for this staff member.")
    return row


def _audit(session: Session, actor: CurrentUser, action: str, row: Handover, app_session: str, **detail: Any) -> None:
    record_sitting_event(session, actor, action, row.screening_session_id, app_session=app_session, detail=detail)
