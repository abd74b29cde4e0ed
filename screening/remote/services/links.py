"""Invitations and their links: made, reissued and revoked (issue 17; clinical reference s9).

Design decisions:
- One invitation per appointment (UNIQUE attendance_id); made on first need, race-safe (a
  savepoint: two servers making it at once both end with the same row).
- `issue_link` makes a new token for one message and stores only its hash; the token is
  returned to the caller, which puts it in the message and forgets it.
- Staff `revoke` an appointment's invitation (every link stops at once, mid-questionnaire
  too); `reissue` (after a lock, a revoke, or a lost message) unlocks it, revokes the older
  links and makes a new one. Both are audited with the invitation id only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Attendance, Clinic, RemoteInvitation, RemoteLink
from screening.audit.services.audit import record_event
from screening.errors import ConflictError, NotFound
from screening.policy import Action, CurrentUser, require
from screening.remote.rules.links import expires_at, new_token, token_hash


def invitation_for(session: Session, attendance_id: int, *, now: datetime) -> RemoteInvitation:
    """The appointment's invitation, made now if it has none."""
    found = session.scalar(select(RemoteInvitation).where(RemoteInvitation.attendance_id == attendance_id))
    if found is not None:
        return found
    attendance = session.get(Attendance, attendance_id)
    if attendance is None:
        raise NotFound("That appointment does not exist any more; reload the clinic list.")
    invitation = RemoteInvitation(
        attendance_id=attendance_id, patient_id=attendance.patient_id, clinic_id=attendance.clinic_id,
        created_at=now, expires_at=expires_at(attendance.appointment_at),
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(invitation)
    except IntegrityError:
        winner = session.scalar(select(RemoteInvitation).where(RemoteInvitation.attendance_id == attendance_id))
        if winner is None:
            raise
        return winner
    return invitation


def issue_link(session: Session, invitation: RemoteInvitation, *, now: datetime) -> tuple[RemoteLink, str]:
    """A new link for the invitation: the row (hash only) and the token, for one message."""
    token = new_token()
    link = RemoteLink(invitation_id=invitation.id, token_hash=token_hash(token), created_at=now)
    session.add(link)
    session.flush()
    return link, token


def staff_invitation(session: Session, actor: CurrentUser, attendance_id: int, *, now: datetime) -> RemoteInvitation:
    """The appointment's invitation for a member of staff at its site (made if need be)."""
    attendance = session.get(Attendance, attendance_id)
    if attendance is None:
        raise NotFound("That appointment does not exist any more; reload the clinic list.")
    require(actor, Action.RUN_SCREENING, session.get_one(Clinic, attendance.clinic_id).site_id)
    return invitation_for(session, attendance_id, now=now)


def revoke(session: Session, actor: CurrentUser, attendance_id: int, *, now: datetime,
           app_session: str | None = None) -> bool:  # fmt: skip
    """Stop every link of the appointment at once; False if it was already revoked."""
    invitation = staff_invitation(session, actor, attendance_id, now=now)
    if invitation.revoked_at is not None:
        return False
    invitation.revoked_at, invitation.revoked_by_user_id = now, actor.user_id
    _audit(session, actor, "remote.revoked", invitation, app_session)
    return True


def reissue(session: Session, actor: CurrentUser, attendance_id: int, *, now: datetime,
            app_session: str | None = None) -> tuple[RemoteInvitation, RemoteLink, str]:  # fmt: skip
    """Unlock and un-revoke the invitation, revoke its older links, and make a new one."""
    invitation = staff_invitation(session, actor, attendance_id, now=now)
    if now >= invitation.expires_at:
        raise ConflictError("The appointment day is over, so a link would not work; screen on the tablet instead.")
    session.execute(
        update(RemoteLink)
        .where(RemoteLink.invitation_id == invitation.id, RemoteLink.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    invitation.revoked_at = invitation.revoked_by_user_id = invitation.locked_at = None
    invitation.wrong_birth_dates = 0
    link, token = issue_link(session, invitation, now=now)
    _audit(session, actor, "remote.reissued", invitation, app_session)
    return invitation, link, token


def _audit(session: Session, actor: CurrentUser, action: str, invitation: RemoteInvitation,
           app_session: str | None) -> None:  # fmt: skip
    record_event(session, actor=actor.username, actor_user_id=actor.user_id, action=action,
                 entity_type="remote_invitation", entity_id=invitation.id, app_session=app_session)  # fmt: skip
