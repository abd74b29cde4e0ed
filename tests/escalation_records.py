"""Builders for escalation tests: a clinic open 09:00-17:00 on weekdays, its contacts, urgent flags."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    AuditEvent,
    Clinic,
    ClinicEscalationSetting,
    ClinicHours,
    Escalation,
    EscalationContact,
    Flag,
    OutboxMessage,
    OutOfHoursContact,
)
from tests import factories

LONDON = ZoneInfo("Europe/London")
IN_HOURS = datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)  # a Wednesday morning
OUT_OF_HOURS = datetime(2026, 12, 2, 22, 0, tzinfo=LONDON)
FIRST_MOBILE, SECOND_EMAIL, NIGHT_MOBILE = "07700900001", "sam.okafor@example.nhs.uk", "07700900099"


def escalating_clinic(db: Session, *, contacts: int = 2, out_of_hours: bool = True, delay: int = 30,
                      hours: tuple[int, int] = (540, 1020), days: range = range(5)) -> Clinic:  # fmt: skip
    clinic = factories.clinic(db, name="Guy's: Haemoglobinopathy")
    db.add_all(ClinicHours(clinic_id=clinic.id, weekday=d, opens_minute=hours[0], closes_minute=hours[1]) for d in days)
    db.add(ClinicEscalationSetting(clinic_id=clinic.id, delay_minutes=delay))
    people = [("Dr Ada Hart", "Consultant haematologist", FIRST_MOBILE, None),
              ("Sam Okafor", "Clinic nurse lead", None, SECOND_EMAIL)][:contacts]  # fmt: skip
    db.add_all(EscalationContact(clinic_id=clinic.id, position=i, name=n, role=r, mobile=m, email=e)
               for i, (n, r, m, e) in enumerate(people, start=1))  # fmt: skip
    if out_of_hours and db.get(OutOfHoursContact, 1) is None:
        db.add(OutOfHoursContact(id=1, name="On-call psychiatrist", role="Liaison psychiatry", mobile=NIGHT_MOBILE))
    db.flush()
    return clinic


def urgent_flag(db: Session, clinic: Clinic, raised_at: datetime, *, kind: str = "psychological",
                priority: str = "urgent", status: str = "open") -> Flag:  # fmt: skip
    sitting = factories.screening_session(db, clinic_id=clinic.id)
    flag = Flag(session_id=sitting.id, patient_id=sitting.patient_id, kind=kind, rule_code=f"rule_{sitting.id}",
                priority=priority, reason="PHQ-9 item 9: 2", status=status, due_at=raised_at + timedelta(hours=4),
                created_at=raised_at)  # fmt: skip
    if status != "open":
        flag.acknowledged_at = raised_at
    db.add(flag)
    db.flush()
    return flag


def escalations(db: Session) -> list[Escalation]:
    return list(db.scalars(select(Escalation).order_by(Escalation.flag_id, Escalation.step)))


def outbox(db: Session) -> list[OutboxMessage]:
    return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def escalation_audit(db: Session) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == "flag.escalated").order_by(AuditEvent.id)))
