"""Flags raised by the rules, and the history of every action taken on them.

`version` is the optimistic lock: an update that read an older version fails instead of
silently overwriting a colleague's change.

A flag closed as "referred" records where to (`referred_to`, a code; "other" keeps its
text in `outcome_detail`). The database refuses a destination on any other outcome; that
a new referral names one is checked in `screening.flag_review.rules.flag_outcomes`, because flags closed
before revision 0003, and the demo data's made-up history, have none.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped, UTCDateTime, enum_column, utcnow
from models.patients import Patient
from models.sessions import ScreeningSession
from screening.clinical.rules.codes import (
    CONTACT_METHODS,
    FLAG_ACTIONS,
    FLAG_KINDS,
    FLAG_OUTCOMES,
    FLAG_PRIORITIES,
    FLAG_STATUSES,
    REFERRAL_DESTINATIONS,
)

DESTINATIONS = tuple(REFERRAL_DESTINATIONS)


class Flag(Timestamped, Base):
    __tablename__ = "flags"
    __table_args__ = (
        # One set of flags per session: a repeated completion cannot add a second copy.
        UniqueConstraint("session_id", "rule_code"),
        CheckConstraint("(status = 'closed') = (outcome IS NOT NULL)", name="closed_iff_outcome"),
        CheckConstraint(
            "referred_to IS NULL OR COALESCE(outcome, '') = 'referred'", name="destination_only_if_referred"
        ),
        Index("ix_flags_kind_status_priority_due_at", "kind", "status", "priority", "due_at"),
        Index("ix_flags_patient_id", "patient_id"),
        Index("ix_flags_assignee_user_id", "assignee_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("screening_sessions.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    kind: Mapped[str] = mapped_column(enum_column("flag_kind", FLAG_KINDS))
    rule_code: Mapped[str] = mapped_column(String(40))
    priority: Mapped[str] = mapped_column(enum_column("flag_priority", FLAG_PRIORITIES))
    reason: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(enum_column("flag_status", FLAG_STATUSES), default="open")
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(enum_column("flag_outcome", FLAG_OUTCOMES))
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    referred_to: Mapped[str | None] = mapped_column(enum_column("referral_destination", DESTINATIONS))
    version: Mapped[int] = mapped_column(default=1)

    session: Mapped[ScreeningSession] = relationship(lazy="raise")
    patient: Mapped[Patient] = relationship(lazy="raise")
    actions: Mapped[list[FlagAction]] = relationship(back_populates="flag", lazy="raise", order_by="FlagAction.id")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by the declarative mapper


class FlagAction(Base):
    """An append-only step in a flag's life: who did what, when, with which note."""

    __tablename__ = "flag_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), index=True)
    action: Mapped[str] = mapped_column(enum_column("flag_action", FLAG_ACTIONS))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    contact_method: Mapped[str | None] = mapped_column(enum_column("contact_method", CONTACT_METHODS))
    outcome: Mapped[str | None] = mapped_column(String(40))
    referred_to: Mapped[str | None] = mapped_column(enum_column("referral_destination", DESTINATIONS))
    # The outcome's own words: the "other" destination, or why no further action is needed.
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    # Whom a "reassign" handed the flag to (acknowledge and reopen: the actor takes it).
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    flag: Mapped[Flag] = relationship(back_populates="actions", lazy="raise")
