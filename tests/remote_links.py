"""Screening at home for tests (issue 17): an invitation, a message, a sitting begun from the link.

Everything goes through the lead's services where they exist (`invitation_for`, `issue_link`,
the door's `check_birth_date`), so a sitting made here is made as a patient at home makes it.
A message row is written directly: the staff send belongs to another branch.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models import Attendance, ClinicInvitationSetting, InvitationMessage, Patient, PatientContact
from screening.remote.services.door import BirthDate, check_birth_date
from screening.remote.services.links import invitation_for, issue_link


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
    db.add(ClinicInvitationSetting(clinic_id=clinic_id))
    db.flush()
