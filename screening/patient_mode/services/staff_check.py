"""The staff check after a reload, while the user still has hand-overs open (issues 4 and 14).

Design decisions:
- The check appears on a browser signed in through the identity provider that comes back
  while its user has a hand-over open. The person typing may be the patient who reloaded
  the tablet, so, as in the hand-back box, refused secrets count against the open
  hand-overs, never the account: each open hand-over counts each refused try (they are
  what the check protects), and locks at the same limit (`hand_back.count_wrong`).
- While any of them is locked only the staff member's password passes, and passing with it
  unlocks them all (`hand_back.accepted`, `hand_back.unlock`).
- With no hand-over open (it expired, or was ended elsewhere, between the page and the tap)
  there is nothing to count against: the check is `sign_in.verify_staff`, counted against
  the account as before.
- Passing is audited as before (`auth.staff_verified`, with which secret); refusals,
  locks and unlocks as in the hand-back box. Codes and counts only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Handover
from screening.access.rules.sign_in_policy import SessionPolicy
from screening.access.services.sign_in import staff_secret_kind, verify_staff
from screening.audit.services.audit import record_event
from screening.patient_mode.services.hand_back import HandBack, accepted, count_wrong, unlock
from screening.policy import CurrentUser


def check_staff(
    session: Session,
    *,
    actor: CurrentUser,
    secret: str,
    now: datetime,
    app_session: str,
    policy: SessionPolicy = SessionPolicy(),
) -> HandBack:
    """Whether `secret` lets this browser past the staff check; refusals count against the open hand-overs."""
    rows = _open_rows(session, actor.user_id, for_update=True)
    if not rows:
        passed = verify_staff(session, actor.user_id, secret, now=now, policy=policy, app_session=app_session)
        return HandBack.ACCEPTED if passed else HandBack.WRONG
    kind = staff_secret_kind(session, actor.user_id, secret)
    if not accepted(kind, locked=any(row.locked_at is not None for row in rows)):
        results = [count_wrong(session, actor, row, now, policy, app_session) for row in rows]
        return HandBack.LOCKED if HandBack.LOCKED in results else HandBack.WRONG
    for row in rows:
        unlock(session, actor, row, app_session, kind)
    record_event(
        session,
        actor=actor.username,
        actor_user_id=actor.user_id,
        action="auth.staff_verified",
        entity_type="user",
        entity_id=actor.user_id,
        detail={"method": kind},
        app_session=app_session,
    )
    return HandBack.ACCEPTED


def staff_check_locked(session: Session, user_id: int) -> bool:
    """Whether any of the user's open hand-overs is locked, so the check asks for the password only."""
    return any(row.locked_at is not None for row in _open_rows(session, user_id, for_update=False))


def _open_rows(session: Session, user_id: int, *, for_update: bool) -> list[Handover]:
    query = select(Handover).where(Handover.user_id == user_id, Handover.ended_at.is_(None)).order_by(Handover.id)
    return list(session.scalars(query.with_for_update() if for_update else query))
