"""Reading a secure link's state from the database (issue 17): one query, then the pure rule.

`link_state` is asked at the door (`screening.remote.services.door`) and on every answer,
finish and language change from a link (`patient_screen.sitting_for`), so a link revoked,
locked or past its day stops working at once, mid-questionnaire too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import RemoteInvitation, RemoteLink, ScreeningSession
from screening.errors import PermissionDenied
from screening.policy import LinkHolder
from screening.sittings.rules.remote_door import Door, LinkState, door


def link_state(session: Session, link_id: int | None) -> tuple[LinkState, RemoteInvitation | None]:
    """The link's state and its invitation (None for an unknown link)."""
    row = session.execute(
        select(RemoteLink.revoked_at, RemoteInvitation, ScreeningSession.status)
        .join(RemoteInvitation, RemoteInvitation.id == RemoteLink.invitation_id)
        .outerjoin(ScreeningSession, ScreeningSession.id == RemoteInvitation.screening_session_id)
        .where(RemoteLink.id == link_id)
    ).first()
    if row is None:
        return LinkState(known=False), None
    link_revoked, invitation, status = row
    state = LinkState(
        known=True, sitting_status=status, link_revoked=link_revoked is not None,
        invitation_revoked=invitation.revoked_at is not None, expires_at=invitation.expires_at,
        locked=invitation.locked_at is not None,
    )  # fmt: skip
    return state, invitation


def check_link_holder(session: Session, holder: LinkHolder, sitting_id: int, now: datetime) -> None:
    """The holder's link still opens, and onto this sitting; PermissionDenied (in plain words) if not."""
    state, invitation = link_state(session, holder.link_id)
    answer = door(state, now)
    if invitation is None or invitation.id != holder.invitation_id or invitation.screening_session_id != sitting_id:
        raise PermissionDenied("This link does not open this questionnaire.")
    if answer not in (Door.OPEN, Door.FINISHED):  # finished: the caller's status check says what may follow
        raise PermissionDenied(DOOR_WORDS[answer])


# For the log and for staff; the patient reads the patient-text key named by the Door's value.
DOOR_WORDS = {
    Door.UNKNOWN: "This link does not work.",
    Door.FINISHED: "These questions are already answered.",
    Door.REVOKED: "This link no longer works.",
    Door.EXPIRED: "This link has expired.",
    Door.LOCKED: "This link is locked.",
}
