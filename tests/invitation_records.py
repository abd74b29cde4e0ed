"""Builders for invitation tests: an inviting clinic, booked appointments with contact details, a recording sender."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    AppMeta,
    Attendance,
    AuditEvent,
    Clinic,
    ClinicInvitationSetting,
    InvitationMessage,
    OutboxMessage,
    PatientContact,
)
from screening.notifications.rules.messages import Message
from screening.notifications.rules.sending import SendResult
from screening.policy import CurrentUser
from tests import factories

LONDON = ZoneInfo("Europe/London")
APPOINTMENT = datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)  # a Friday morning (GMT: London = UTC)
INVITE_MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # two days before, 09:00
REMIND_MORNING = datetime(2026, 12, 3, 9, 0, tzinfo=LONDON)  # one day before, 09:00
MOBILE, EMAIL = "07700900123", "ada.okafor@example.com"
LINK_BASE = "https://screen.example.nhs.uk"
CLINIC_NAME = "Sickle cell clinic"  # would disclose a diagnosis: never in a message


def inviting_clinic(db: Session, *, invite: int = 2, reminder: int | None = 1) -> Clinic:
    clinic = factories.clinic(db, name=CLINIC_NAME)
    setting = ClinicInvitationSetting(clinic_id=clinic.id, invite_days_before=invite, reminder_days_before=reminder)
    db.add(setting)
    db.flush()
    # models.remote gives the column default=1, which an INSERT of None takes: set None after (noted for the lead).
    setting.reminder_days_before = reminder
    db.flush()
    return clinic


def booked(db: Session, clinic: Clinic, *, at: datetime = APPOINTMENT, mobile: str | None = MOBILE,
           email: str | None = None, no_contact: bool = False, contact: bool = True,
           status: str = "attended") -> Attendance:  # fmt: skip
    attendance = factories.attendance(db, clinic_id=clinic.id, appointment_at=at, status=status)
    if contact:
        db.add(PatientContact(patient_id=attendance.patient_id, mobile=mobile, email=email, no_contact=no_contact))
        db.flush()
    return attendance


def staff_at(db: Session, clinic: Clinic) -> CurrentUser:
    user = factories.user(db, role="clinic_staff")
    return CurrentUser(user.id, user.username, user.display_name, "clinic_staff", frozenset({clinic.site_id}))


def mark_demo(db: Session) -> None:
    db.add(AppMeta(key="demo_data", value="true"))
    db.flush()


def messages(db: Session) -> list[InvitationMessage]:
    db.expire_all()
    return list(db.scalars(select(InvitationMessage).order_by(InvitationMessage.id)))


def outbox(db: Session) -> list[OutboxMessage]:
    return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def audit(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


@dataclass
class Sent:
    channel: str
    destination: str
    message: Message


@dataclass
class RecordingSender:
    """A sender that keeps what it was given (thread-safe), or fails every message with `error`."""

    name: str = "recording"
    sent: list[Sent] = field(default_factory=list)
    error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _keep(self, channel: str, destination: str, message: Message) -> SendResult:
        with self._lock:
            self.sent.append(Sent(channel, destination, message))
            if self.error:
                return SendResult(self.name, None, "failed", self.error)
            return SendResult(self.name, f"rec-{len(self.sent)}", "delivered")

    def send_sms(self, phone_number: str, message: Message) -> SendResult:
        return self._keep("sms", phone_number, message)

    def send_email(self, email_address: str, message: Message) -> SendResult:
        return self._keep("email", email_address, message)

    def tokens(self) -> list[str]:
        return [s.message.personalisation["link"].split("?link=")[1] for s in self.sent]
