"""The clinic list's question about screening at home (issue 17), for many attendances at once.

For each listed attendance: its sitting begun from a secure link (if any), its invitation
(stopped, locked, expiry), the last message sent for it, whether its clinic sends
invitations and whether the patient has any contact details or asked not to be contacted.
Three queries for the whole list, never one per row. Contact values never leave the
database: the query asks only whether a mobile or an email is there. The words are
`rules.remote_words`.

Reads only, and only `models`: `screening.remote`'s services (send, revoke, reissue) sit
in the same tier and may read the clinic day, so the clinic day does not import them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import (
    Attendance,
    ClinicInvitationSetting,
    InvitationMessage,
    PatientContact,
    RemoteInvitation,
    ScreeningSession,
)
from screening.clinic_day.rules.remote_words import RemoteFacts, RemoteStatus, remote_status


def remote_statuses(
    session: Session, attendance_ids: Sequence[int], *, now: datetime | None
) -> dict[int, RemoteStatus]:
    """Each attendance's screening-at-home status (every id given has one)."""
    if not attendance_ids:
        return {}
    ids = list(attendance_ids)
    facts = {row.id: _facts(row) for row in session.execute(_invitations(ids))}
    for attendance_id, channel, sent_at, claimed_at, status in session.execute(_last_messages(ids)):
        facts[attendance_id] |= {"channel": channel, "message_at": sent_at or claimed_at, "message_status": status}
    for attendance_id, status in session.execute(_remote_sittings(ids)):
        facts[attendance_id]["remote_sitting"] = status  # oldest first: the latest wins
    return {attendance_id: remote_status(RemoteFacts(**values), now) for attendance_id, values in facts.items()}


def _invitations(ids: list[int]) -> Any:
    return (
        select(
            Attendance.id, RemoteInvitation.id.label("invitation_id"), RemoteInvitation.revoked_at,
            RemoteInvitation.locked_at, RemoteInvitation.wrong_birth_dates, RemoteInvitation.expires_at,
            ClinicInvitationSetting.clinic_id.label("settings"),
            or_(PatientContact.mobile.is_not(None), PatientContact.email.is_not(None)).label("has_contact"),
            PatientContact.no_contact,
        )
        .outerjoin(RemoteInvitation, RemoteInvitation.attendance_id == Attendance.id)
        .outerjoin(ClinicInvitationSetting, ClinicInvitationSetting.clinic_id == Attendance.clinic_id)
        .outerjoin(PatientContact, PatientContact.patient_id == Attendance.patient_id)
        .where(Attendance.id.in_(ids))
    )  # fmt: skip


def _facts(row: Any) -> dict[str, Any]:
    return {
        "invited": row.invitation_id is not None, "revoked": row.revoked_at is not None,
        "locked": row.locked_at is not None, "wrong_birth_dates": row.wrong_birth_dates or 0,
        "expires_at": row.expires_at, "clinic_invites": row.settings is not None,
        "has_contact": bool(row.has_contact), "no_contact": bool(row.no_contact),
    }  # fmt: skip


def _last_messages(ids: list[int]) -> Any:
    """Every message of the listed appointments, oldest first (the caller keeps the last)."""
    M = InvitationMessage
    return (
        select(RemoteInvitation.attendance_id, M.channel, M.sent_at, M.claimed_at, M.status)
        .join(RemoteInvitation, RemoteInvitation.id == M.invitation_id)
        .where(RemoteInvitation.attendance_id.in_(ids))
        .order_by(M.claimed_at, M.id)
    )


def _remote_sittings(ids: list[int]) -> Any:
    S = ScreeningSession
    return (
        select(S.attendance_id, S.status)
        .where(S.attendance_id.in_(ids), S.remote.is_(True))
        .order_by(S.started_at, S.id)
    )
