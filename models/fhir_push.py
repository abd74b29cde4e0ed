"""Pushing finished sittings to a trust's FHIR server (issue 18; docs/fhir.md).

Design decisions:
- `fhir_deliveries`: one row per sitting to deliver (UNIQUE screening_session_id), added by
  the push command for every finished sitting it finds since `fhir_push_settings.since`.
  The row is the outbox: it exists before anything is sent, so an endpoint that is down
  loses nothing; it waits, is retried, and at worst is "failed" until an administrator
  resends it. `attempts`, `next_attempt_at` and `claimed_until` drive the retries and the
  claim: a row is claimed by a conditional UPDATE (status waiting and due, or sending with
  its claim run out), so two servers never send one sitting at the same moment.
- `last_error` holds an HTTP status and OperationOutcome codes only (`rules.fhir_push`),
  never a server's free text, which may echo patient data.
- `fhir_push_settings`: one row (id 1) saying from which day sittings are pushed, so
  turning pushing on does not send years of history unless asked to.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column, utcnow
from screening.exports.rules.fhir_push import DELIVERY_STATUSES


class FhirDelivery(Base):
    __tablename__ = "fhir_deliveries"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("(status = 'delivered') = (delivered_at IS NOT NULL)", name="delivered_iff_time"),
        Index("ix_fhir_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_session_id: Mapped[int] = mapped_column(ForeignKey("screening_sessions.id"), unique=True)
    status: Mapped[str] = mapped_column(enum_column("fhir_delivery_status", DELIVERY_STATUSES), default="waiting")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column()  # the HTTP status of the last answer, if any came
    last_error: Mapped[str | None] = mapped_column(String(300))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resent_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class FhirPushSetting(Base):
    __tablename__ = "fhir_push_settings"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    since: Mapped[datetime] = mapped_column(UTCDateTime())  # sittings started from this moment are pushed
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
