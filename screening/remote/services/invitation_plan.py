"""What `send-invitations` would send now: the due invitations and reminders, read in one query.

Design decisions (issue 17; s9):
- An appointment is looked at when its clinic invites (`ClinicInvitationSetting`), it is
  upcoming (after `now`, within the furthest clinic's inviting window), it is still booked
  (status "attended": the PAS extract has no separate "booked" status, and a cancelled or
  missed appointment is never invited) and no sitting for it is completed or declined.
- Whether it is due, and for which message, is the pure rule
  (`rules.invitation_messages.due_purpose`), given the messages already claimed for it.
- A due message is skipped, and counted, when the patient has no mobile or email, or asked
  for no contact; or when staff revoked the invitation, it is locked after wrong dates of
  birth, or its sitting was closed (a new link would not open: staff reissue).
- Nothing is written here: the plan is read in one short transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, aliased

from models import (
    Attendance,
    Clinic,
    ClinicInvitationSetting,
    InvitationMessage,
    PatientContact,
    RemoteInvitation,
    ScreeningSession,
)
from screening.remote.rules.invitation_messages import Claimed, channel_for, due_purpose
from screening.remote.rules.invitation_timing import InvitationTiming, window

BOOKED = "attended"  # ATTENDANCE_STATUSES has no "booked": an upcoming appointment is imported as attended
SCREENED = ("completed", "declined")
CLOSED_SITTINGS = ("declined", "abandoned")


@dataclass(frozen=True)
class DueMessage:
    attendance_id: int
    purpose: str  # "invitation" or "reminder"
    channel: str
    destination: str
    site_id: int


@dataclass
class InvitationPlan:
    due: list[DueMessage] = field(default_factory=list)
    skipped_no_contact: int = 0  # due, but no mobile or email, or the patient asked for no contact
    skipped_closed: int = 0  # due, but the invitation is revoked or locked, or its sitting closed


def invitation_plan(session: Session, *, now: datetime) -> InvitationPlan:
    """Every message due now, in attendance order (so racing servers take claims in one order)."""
    plan = InvitationPlan()
    longest = session.scalar(select(func.max(ClinicInvitationSetting.invite_days_before)))
    if longest is None:
        return plan
    start, end = window(now, longest)
    claims = _claims(session, start, end)
    for row in session.execute(_upcoming(start, end)):
        (attendance_id, appointment_at, site_id, invite_days, reminder_days, mobile, email, no_contact,
         invitation_id, revoked_at, locked_at, sitting_status) = row  # fmt: skip
        timing = InvitationTiming(invite_days, reminder_days)
        purpose = due_purpose(appointment_at, timing, claims.get(invitation_id, []) if invitation_id else [], now)
        if purpose is None:
            continue
        route = None if no_contact else channel_for(mobile, email)
        if route is None:
            plan.skipped_no_contact += 1
        elif revoked_at is not None or locked_at is not None or sitting_status in CLOSED_SITTINGS:
            plan.skipped_closed += 1
        else:
            plan.due.append(DueMessage(attendance_id, purpose, route[0], route[1], site_id))
    return plan


def _upcoming(start: datetime, end: datetime) -> Select[*tuple[Any, ...]]:
    done = aliased(ScreeningSession)  # any sitting of the appointment; ScreeningSession below is the link's
    screened = exists().where(done.attendance_id == Attendance.id, done.status.in_(SCREENED))
    return (
        select(Attendance.id, Attendance.appointment_at, Clinic.site_id, ClinicInvitationSetting.invite_days_before,
               ClinicInvitationSetting.reminder_days_before, PatientContact.mobile, PatientContact.email,
               PatientContact.no_contact, RemoteInvitation.id, RemoteInvitation.revoked_at,
               RemoteInvitation.locked_at, ScreeningSession.status)
        .join(ClinicInvitationSetting, ClinicInvitationSetting.clinic_id == Attendance.clinic_id)
        .join(Clinic, Clinic.id == Attendance.clinic_id)
        .outerjoin(PatientContact, PatientContact.patient_id == Attendance.patient_id)
        .outerjoin(RemoteInvitation, RemoteInvitation.attendance_id == Attendance.id)
        .outerjoin(ScreeningSession, ScreeningSession.id == RemoteInvitation.screening_session_id)
        .where(Attendance.status == BOOKED, Attendance.appointment_at > start, Attendance.appointment_at < end,
               ~screened)
        .order_by(Attendance.id)
    )  # fmt: skip


def _claims(session: Session, start: datetime, end: datetime) -> dict[int, list[Claimed]]:
    """The messages already claimed for the window's invitations, by invitation id."""
    found: dict[int, list[Claimed]] = defaultdict(list)
    rows = session.execute(
        select(InvitationMessage.invitation_id, InvitationMessage.purpose, InvitationMessage.claimed_at)
        .join(RemoteInvitation, RemoteInvitation.id == InvitationMessage.invitation_id)
        .join(Attendance, Attendance.id == RemoteInvitation.attendance_id)
        .where(Attendance.appointment_at > start, Attendance.appointment_at < end)
    )
    for invitation_id, purpose, claimed_at in rows:
        found[invitation_id].append(Claimed(purpose, claimed_at))
    return found
