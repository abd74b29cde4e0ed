"""Escalation (clinical reference s6, v2): clinic hours, contacts, and every step sent for a flag.

Design decisions:
- New tables only, so the migration never re-creates `clinics` or `flags` (SQLite would
  refuse while other tables point at them). A clinic with no `clinic_escalation_settings`
  row uses the default delay (30 minutes); a weekday with no `clinic_hours` row is closed.
- `escalation_contacts` is the ordered list (position 1 first); the administrator's page
  replaces a clinic's list as a whole. `out_of_hours_contacts` holds at most one row
  (id = 1): the service's one out-of-hours contact.
- `escalations` is the record and the lock: UNIQUE (flag_id, step) is the atomic claim,
  inserted and committed before anything is sent, so two app servers never send one step
  twice. It keeps the contact's name, role, channel and address as they were when sent
  (staff work details, no patient data), so editing the list never rewrites history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column, utcnow
from screening.escalation.rules.escalation_rules import TARGETS
from screening.notifications.rules.sending import CHANNELS, DELIVERY_STATUSES

_REACHABLE = "mobile IS NOT NULL OR email IS NOT NULL"


class ClinicHours(Base):
    __tablename__ = "clinic_hours"
    __table_args__ = (
        UniqueConstraint("clinic_id", "weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_known"),
        CheckConstraint(
            "opens_minute >= 0 AND opens_minute < closes_minute AND closes_minute <= 1440", name="opens_before_closes"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    weekday: Mapped[int]  # Monday = 0, as Python's date.weekday()
    opens_minute: Mapped[int]  # minutes after London midnight
    closes_minute: Mapped[int]


class ClinicEscalationSetting(Base):
    __tablename__ = "clinic_escalation_settings"
    __table_args__ = (CheckConstraint("delay_minutes BETWEEN 5 AND 240", name="delay_in_range"),)

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), primary_key=True)
    delay_minutes: Mapped[int] = mapped_column(default=30)


class ContactDetails:
    """Who a contact is and how to reach them: the same four columns on both contact tables."""

    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(80))
    mobile: Mapped[str | None] = mapped_column(String(11))
    email: Mapped[str | None] = mapped_column(String(254))


class EscalationContact(ContactDetails, Base):
    __tablename__ = "escalation_contacts"
    __table_args__ = (
        UniqueConstraint("clinic_id", "position"),
        CheckConstraint("position >= 1", name="position_from_one"),
        CheckConstraint(_REACHABLE, name="reachable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    position: Mapped[int]


class OutOfHoursContact(ContactDetails, Base):
    __tablename__ = "out_of_hours_contacts"
    __table_args__ = (
        CheckConstraint("id = 1", name="only_one"),
        CheckConstraint(_REACHABLE, name="reachable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=1)


class Escalation(Base):
    __tablename__ = "escalations"
    __table_args__ = (
        UniqueConstraint("flag_id", "step"),  # the claim: one row, one message, per step
        CheckConstraint("step >= 1", name="step_from_one"),
        CheckConstraint("(target = 'nobody') = (channel IS NULL)", name="channel_iff_someone"),
        CheckConstraint("(channel IS NULL) = (destination IS NULL)", name="destination_iff_channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"))
    step: Mapped[int]
    target: Mapped[str] = mapped_column(enum_column("escalation_target", TARGETS))
    contact_position: Mapped[int | None]
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_role: Mapped[str | None] = mapped_column(String(80))
    channel: Mapped[str | None] = mapped_column(enum_column("escalation_channel", CHANNELS))
    destination: Mapped[str | None] = mapped_column(String(254))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(enum_column("escalation_status", DELIVERY_STATUSES), default="claimed")
    error: Mapped[str | None] = mapped_column(String(500))


class OutboxMessage(Base):
    """A message the local outbox adapter 'sent': what GOV.UK Notify would have delivered."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    channel: Mapped[str] = mapped_column(enum_column("outbox_channel", CHANNELS))
    destination: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(64))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
