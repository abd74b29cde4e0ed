"""Screening sessions, one row per item answer, and the scores computed from them.

Answers are never edited by reviewers (clinical reference, section 6); scores and flags
are derived from the stored answers by the rules in `screening/`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped, UTCDateTime, enum_column, utcnow
from models.patients import Attendance, Patient
from models.reference import Clinic
from screening.clinical.rules.codes import SESSION_MODES, SESSION_SOURCES, SESSION_STATUSES
from screening.clinical.rules.stored_answers import check_stored_answer


class ScreeningSession(Timestamped, Base):
    __tablename__ = "screening_sessions"
    __table_args__ = (
        # One completion per session: completed_at is set exactly when status is completed.
        CheckConstraint("(status = 'completed') = (completed_at IS NOT NULL)", name="completed_at_iff_completed"),
        CheckConstraint("status <> 'declined' OR decline_reason IS NOT NULL", name="declined_has_reason"),
        # A patient's sittings by time, covering what the uptake summary reads (models.uptake_days).
        Index("ix_screening_sessions_by_patient", "patient_id", "started_at", "clinic_id", "status", "mode", "remote"),
        Index("ix_screening_sessions_clinic_id_started_at", "clinic_id", "started_at"),
        Index("ix_screening_sessions_status_started_at", "status", "started_at"),
        # Covers the uptake queries (issue 8): sittings started in the period, by patient and clinic.
        Index("ix_screening_sessions_uptake", "started_at", "patient_id", "clinic_id", "status", "mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    attendance_id: Mapped[int | None] = mapped_column(ForeignKey("attendances.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(enum_column("session_status", SESSION_STATUSES), default="in_progress")
    decline_reason: Mapped[str | None] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(enum_column("session_mode", SESSION_MODES))
    # The language of administration, a BCP 47 tag ("en", "so"; clinical reference s9).
    language: Mapped[str] = mapped_column(String(40), default="en")
    # Whether an interpreter helped (staff set it on the sitting page; None: not recorded)
    # and whether the patient used read-aloud (set by the tablet on the first use).
    interpreter_used: Mapped[bool | None] = mapped_column(Boolean)
    read_aloud_used: Mapped[bool] = mapped_column(Boolean, default=False)
    # Begun from a secure link before the visit (issue 17): "remote" in the mode breakdown,
    # whoever finishes it (a patient at home, or on the clinic tablet after).
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    bundle: Mapped[str] = mapped_column(String(20), default="full")
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(enum_column("session_source", SESSION_SOURCES), default="live")
    # Set by the tablet when the session starts: a retried start finds the same row.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The session_ref of a historical import: re-importing the file finds the same row.
    source_ref: Mapped[str | None] = mapped_column(String(64), unique=True)

    patient: Mapped[Patient] = relationship(lazy="raise")
    clinic: Mapped[Clinic] = relationship(lazy="raise")
    attendance: Mapped[Attendance | None] = relationship(lazy="raise")
    answers: Mapped[list[Answer]] = relationship(back_populates="session", lazy="raise")
    scores: Mapped[list[Score]] = relationship(back_populates="session", lazy="raise")


class Answer(Timestamped, Base):
    """One item's answer: a number, a code, or an explicit "prefer not to answer"."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("session_id", "item_id"),
        CheckConstraint(
            "(CASE WHEN value_number IS NOT NULL THEN 1 ELSE 0 END)"
            " + (CASE WHEN value_code IS NOT NULL THEN 1 ELSE 0 END)"
            " + (CASE WHEN declined THEN 1 ELSE 0 END) = 1",
            name="exactly_one_value",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("screening_sessions.id"))
    instrument_id: Mapped[str] = mapped_column(String(20))
    instrument_version: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str] = mapped_column(String(30))
    value_number: Mapped[float | None] = mapped_column(Float)
    value_code: Mapped[str | None] = mapped_column(String(10))
    declined: Mapped[bool] = mapped_column(default=False)
    answered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    session: Mapped[ScreeningSession] = relationship(back_populates="answers", lazy="raise")


@event.listens_for(Answer, "before_insert")
@event.listens_for(Answer, "before_update")
def _answer_is_accepted(_mapper: Any, _connection: Any, answer: Answer) -> None:
    """Every path that writes an answer passes the instrument's own check (InvalidValue)."""
    check_stored_answer(
        answer.instrument_id,
        answer.item_id,
        value_number=answer.value_number,
        value_code=answer.value_code,
        declined=bool(answer.declined),
    )


class Score(Base):
    """A scored instrument or a derived Vital 5 measure (BMI, recorded blood pressure)."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("session_id", "instrument_id"),
        CheckConstraint("NOT prorated OR total IS NOT NULL", name="prorated_has_total"),
        CheckConstraint(
            "total IS NOT NULL OR value IS NOT NULL OR detail IS NOT NULL OR band IS NULL",
            name="band_needs_result",
        ),
        Index("ix_scores_instrument_id_total", "instrument_id", "total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("screening_sessions.id"))
    instrument_id: Mapped[str] = mapped_column(String(20))
    instrument_version: Mapped[str] = mapped_column(String(20))
    raw_sum: Mapped[int | None]
    total: Mapped[int | None]
    band: Mapped[str | None] = mapped_column(String(40))
    prorated: Mapped[bool] = mapped_column(default=False)
    complete: Mapped[bool] = mapped_column(default=False)
    # For measures: the BMI, or the recorded blood pressure as text ("142/91").
    value: Mapped[float | None] = mapped_column(Float)
    detail: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    session: Mapped[ScreeningSession] = relationship(back_populates="scores", lazy="raise")
