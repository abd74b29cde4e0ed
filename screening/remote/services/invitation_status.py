"""Each appointment's invitation as the clinic list shows it (issue 17).

`invitation_statuses` answers for many appointments in two queries. It reads no patient
identifier and no contact detail (the channel, never the number or address), and checks
no access: the caller is the clinic list, which has already checked the user's sites.
Appointments with no invitation are left out of the answer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import InvitationMessage, RemoteInvitation, ScreeningSession
from screening.notifications.rules.sending import STATUS_LABELS


@dataclass(frozen=True)
class InvitationStatus:
    attendance_id: int
    purpose: str | None  # of the last message: "invitation", "reminder", "staff"; None before any
    channel: str | None  # "sms" or "email"
    status: str | None  # a delivery status (screening.notifications.rules.sending)
    status_label: str | None  # its words for staff, e.g. "Accepted by GOV.UK Notify", "Failed to send"
    sent_at: datetime | None  # None while claimed, or when it failed
    messages: int  # how many messages were claimed for the appointment, all purposes
    locked: bool  # five wrong dates of birth: staff must send a new link
    revoked: bool  # staff revoked it
    expired: bool  # the appointment's day is over
    remote_started: bool  # a sitting was begun from a link (in progress, or further)
    remote_completed: bool  # and finished at home


def invitation_statuses(session: Session, attendance_ids: Collection[int], *,
                        now: datetime | None = None) -> dict[int, InvitationStatus]:  # fmt: skip
    """attendance id -> its invitation's status, for the appointments that have one."""
    if not attendance_ids:
        return {}
    moment = now or datetime.now(UTC)
    invitations = session.execute(
        select(RemoteInvitation, ScreeningSession.status)
        .outerjoin(ScreeningSession, ScreeningSession.id == RemoteInvitation.screening_session_id)
        .where(RemoteInvitation.attendance_id.in_(list(attendance_ids)))
    ).all()
    if not invitations:
        return {}
    ids = [invitation.id for invitation, _ in invitations]
    counts = _pairs(session.execute(select(InvitationMessage.invitation_id, func.count()).where(
        InvitationMessage.invitation_id.in_(ids)).group_by(InvitationMessage.invitation_id)))  # fmt: skip
    newest = select(func.max(InvitationMessage.id)).where(InvitationMessage.invitation_id.in_(ids)).group_by(
        InvitationMessage.invitation_id)  # fmt: skip
    last = {
        m.invitation_id: m for m in session.scalars(select(InvitationMessage).where(InvitationMessage.id.in_(newest)))
    }
    answer = {}
    for invitation, sitting_status in invitations:
        message = last.get(invitation.id)
        answer[invitation.attendance_id] = InvitationStatus(
            attendance_id=invitation.attendance_id,
            purpose=message.purpose if message else None, channel=message.channel if message else None,
            status=message.status if message else None,
            status_label=STATUS_LABELS.get(message.status) if message else None,
            sent_at=message.sent_at if message else None, messages=counts.get(invitation.id, 0),
            locked=invitation.locked_at is not None, revoked=invitation.revoked_at is not None,
            expired=moment >= invitation.expires_at, remote_started=sitting_status is not None,
            remote_completed=sitting_status == "completed",
        )  # fmt: skip
    return answer


def _pairs(rows: Any) -> dict[Any, Any]:
    return {key: value for key, value in rows}
