"""Builders for remote screening tests: an upcoming appointment with an invitation and a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Clinic, Site
from screening.access.services.accounts import load_current_user
from screening.policy import CurrentUser
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
