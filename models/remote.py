"""Screening before the visit from a secure link (issue 17; clinical reference s6, s9 v2).

Design decisions:
- `patient_contacts` holds the mobile, email and "no contact" preference from the PAS, in a
  table of its own: no analytic query or export reads it, and on PostgreSQL only the owner
  and the app role hold any right on it (tests/integration/database/test_app_role.py), so a
  reporting role added later is not given it by accident. No row: no details.
- `clinic_invitation_settings`: a clinic with no row sends no invitations; the row says how
  many days before the appointment the invitation goes, and the reminder (None: no reminder).
- `remote_invitations`: one per appointment (UNIQUE attendance_id), the remote door of that
  appointment: when it expires (the end of the appointment's London day), the wrong dates of
  birth so far, locked, revoked, and the sitting begun through it.
- `remote_links`: the tokens sent for an invitation, each stored only as its SHA-256 hash.
  Every message carries a token of its own (the token itself is never stored, so a reminder
  cannot repeat the first one); all of them open the same invitation, and a reissue revokes
  the older ones.
- `invitation_messages`: every message sent, and the lock: UNIQUE (invitation_id, purpose,
  number) is the claim, inserted and committed before anything is sent, so two servers
  running `send-invitations` never send one message twice (the escalation pattern).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column, utcnow
from screening.notifications.rules.sending import CHANNELS, DELIVERY_STATUSES
from screening.remote.rules.links import MAX_WRONG_BIRTH_DATES, MESSAGE_PURPOSES


class PatientContact(Base):
    __tablename__ = "patient_contacts"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    mobile: Mapped[str | None] = mapped_column(String(11))  # a UK mobile, stored as 07xxxxxxxxx
    email: Mapped[str | None] = mapped_column(String(254))
    no_contact: Mapped[bool] = mapped_column(Boolean, default=False)  # the patient asked not to be messaged
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ClinicInvitationSetting(Base):
    __tablename__ = "clinic_invitation_settings"
    __table_args__ = (
        CheckConstraint("invite_days_before BETWEEN 1 AND 14", name="invite_days_in_range"),
        CheckConstraint(
            "reminder_days_before IS NULL OR (reminder_days_before >= 0 AND reminder_days_before < invite_days_before)",
            name="reminder_after_invitation",
        ),
    )

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), primary_key=True)
    invite_days_before: Mapped[int] = mapped_column(default=2)
    # No Python default: an explicit None (no reminder) must be stored as None, not replaced by one.
    reminder_days_before: Mapped[int | None] = mapped_column()


class RemoteInvitation(Base):
    __tablename__ = "remote_invitations"
    __table_args__ = (
        CheckConstraint(f"wrong_birth_dates BETWEEN 0 AND {MAX_WRONG_BIRTH_DATES}", name="wrong_birth_dates_range"),
        CheckConstraint(
            f"(locked_at IS NOT NULL) = (wrong_birth_dates = {MAX_WRONG_BIRTH_DATES})", name="locked_iff_limit"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("attendances.id"), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    wrong_birth_dates: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    screening_session_id: Mapped[int | None] = mapped_column(ForeignKey("screening_sessions.id"), unique=True)


class RemoteLink(Base):
    __tablename__ = "remote_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("remote_invitations.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256, hex: the token is never stored
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # replaced by a reissued link


class InvitationMessage(Base):
    __tablename__ = "invitation_messages"
    __table_args__ = (
        UniqueConstraint("invitation_id", "purpose", "number"),  # the claim: one row, one message
        CheckConstraint("number >= 1", name="number_from_one"),
        CheckConstraint("(channel IS NULL) = (destination IS NULL)", name="destination_iff_channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("remote_invitations.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("remote_links.id"))
    purpose: Mapped[str] = mapped_column(enum_column("invitation_purpose", MESSAGE_PURPOSES))
    number: Mapped[int] = mapped_column(default=1)
    channel: Mapped[str | None] = mapped_column(enum_column("invitation_channel", CHANNELS))
    destination: Mapped[str | None] = mapped_column(String(254))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(enum_column("invitation_status", DELIVERY_STATUSES), default="claimed")
    error: Mapped[str | None] = mapped_column(String(500))
