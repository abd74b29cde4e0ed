"""Builders for remote screening tests (issue 17): an upcoming appointment with an invitation and a
link, a message, a sitting begun from the link; everything through the services where they exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Attendance,
    AuditEvent,
    Clinic,
    ClinicInvitationSetting,
    InvitationMessage,
    Patient,
    PatientContact,
    Site,
)
from screening.access.services.accounts import load_current_user
from screening.policy import CurrentUser
from screening.remote.services.door import BirthDate, check_birth_date
from screening.remote.services.links import invitation_for, issue_link
from tests import factories

LONDON = ZoneInfo("Europe/London")
APPOINTMENT = datetime(2026, 12, 10, 10, 30, tzinfo=LONDON)  # a Thursday clinic
EVENING_BEFORE = datetime(2026, 12, 9, 19, 0, tzinfo=LONDON)  # the patient opens the link at home
BORN = date(1984, 3, 27)


@dataclass(frozen=True)
class Invited:
    clinic: Clinic
    attendance_id: int
    patient_id: int
    invitation_id: int
    link_id: int
    token: str
    staff: CurrentUser


def an_invited_patient(db: Session, clinic: Clinic | None = None, *, at: datetime = APPOINTMENT,
                       **patient: Any) -> Invited:  # fmt: skip
    clinic = clinic or factories.clinic(db)
    person = factories.patient(db, **{"date_of_birth": BORN, **patient})
    visit = factories.attendance(db, clinic_id=clinic.id, patient_id=person.id, appointment_at=at, status="attended")
    invitation = invitation_for(db, visit.id, now=EVENING_BEFORE - timedelta(days=1))
    link, token = issue_link(db, invitation, now=EVENING_BEFORE - timedelta(days=1))
    staff = factories.user(db, sites=[db.get(Site, clinic.site_id)])
    db.commit()
    return Invited(clinic, visit.id, person.id, invitation.id, link.id, token, load_current_user(db, staff.id))


def audit_rows(db: Session, prefix: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.id)))


def invited(db: Session, visit: Attendance, now: datetime) -> int:
    """An invitation and one link for the visit; returns the link id."""
    invitation = invitation_for(db, visit.id, now=now)
    db.flush()
    link, _token = issue_link(db, invitation, now=now)
    return link.id


def begun_at_home(db: Session, visit: Attendance, now: datetime) -> int:
    """The patient opens the link, gives the right date of birth and is admitted: the sitting id."""
    link_id = invited(db, visit, now)
    born = db.get_one(Patient, visit.patient_id).date_of_birth
    checked = check_birth_date(db, link_id, born, offered=("en",), now=now)
    assert checked.outcome is BirthDate.ADMITTED and checked.holder is not None
    return checked.holder.sitting_id


def message(db: Session, visit: Attendance, at: datetime, *, channel: str = "sms", status: str = "sent",
            number: int = 1, sent: bool = True) -> None:  # fmt: skip
    invitation = invitation_for(db, visit.id, now=at)
    db.flush()
    db.add(InvitationMessage(
        invitation_id=invitation.id, purpose="invitation", number=number, channel=channel,
        destination="07700900123" if channel == "sms" else "someone@example.org", claimed_at=at,
        sent_at=at if sent else None, status=status,
    ))  # fmt: skip
    db.flush()


def contact(db: Session, visit: Attendance, *, mobile: str | None = None, email: str | None = None,
            no_contact: bool = False) -> None:  # fmt: skip
    db.add(PatientContact(patient_id=visit.patient_id, mobile=mobile, email=email, no_contact=no_contact))
    db.flush()


def clinic_invites(db: Session, clinic_id: int) -> None:
    db.add(ClinicInvitationSetting(clinic_id=clinic_id, invite_days_before=2, reminder_days_before=1))
    db.flush()
