"""Patients and their clinic attendances (the uptake denominator).

Field checks raise `InvalidValue` naming the field, so a bad value is refused before it
reaches the database; the database's own CHECK constraints back them up.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import Base, Timestamped, UTCDateTime, enum_column
from models.reference import Clinic
from screening.clinical.rules.codes import ATTENDANCE_STATUSES, ETHNIC_CATEGORIES, GENDER_CODES, IMD_VERSIONS
from screening.errors import InvalidValue
from screening.patients.rules import nhs_number


def new_pseudo_id() -> str:
    """A random pseudonymous id: it carries nothing derived from the patient's identity."""
    return secrets.token_hex(8)


class Patient(Timestamped, Base):
    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint("imd_decile BETWEEN 1 AND 10", name="imd_decile_range"),
        CheckConstraint("(imd_decile IS NULL) = (imd_version IS NULL)", name="imd_decile_has_version"),
        CheckConstraint("length(nhs_number) = 10", name="nhs_number_length"),
        Index("ix_patients_family_name_given_name", "family_name", "given_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nhs_number: Mapped[str] = mapped_column(String(10), unique=True)
    hospital_number: Mapped[str | None] = mapped_column(String(20), index=True)
    family_name: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    gender_code: Mapped[str] = mapped_column(enum_column("gender_code", tuple(GENDER_CODES)))
    ethnic_category: Mapped[str] = mapped_column(enum_column("ethnic_category", tuple(ETHNIC_CATEGORIES)), default="99")
    imd_decile: Mapped[int | None] = mapped_column(SmallInteger)
    imd_version: Mapped[str | None] = mapped_column(enum_column("imd_version", IMD_VERSIONS))
    preferred_language: Mapped[str] = mapped_column(String(40), default="English")
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    diagnosis_group: Mapped[str] = mapped_column(String(60), default="Not recorded")
    pseudo_id: Mapped[str] = mapped_column(String(16), unique=True, default=new_pseudo_id)

    attendances: Mapped[list[Attendance]] = relationship(back_populates="patient", lazy="raise")

    @validates("nhs_number")
    def _validate_nhs_number(self, _key: str, value: str) -> str:
        return nhs_number.normalise(value)

    @validates("family_name", "given_name")
    def _validate_name(self, key: str, value: str) -> str:
        value = (value or "").strip()
        if not value:
            raise InvalidValue(key.replace("_", " "), "is empty.")
        if len(value) > 100:
            raise InvalidValue(key.replace("_", " "), "is longer than 100 characters.")
        return value

    @validates("gender_code")
    def _validate_gender(self, _key: str, value: str) -> str:
        if value not in GENDER_CODES:
            raise InvalidValue("gender code", f"'{value}' is not one of 1, 2, 9, X.")
        return value

    @validates("ethnic_category")
    def _validate_ethnic_category(self, _key: str, value: str) -> str:
        if value not in ETHNIC_CATEGORIES:
            raise InvalidValue(
                "ethnic category",
                f"'{value}' is not an NHS ethnic category code (A-H, J-N, P, R, S, Z or 99).",
            )
        return value

    @validates("imd_decile")
    def _validate_imd_decile(self, _key: str, value: int | None) -> int | None:
        if value is not None and (isinstance(value, bool) or not 1 <= int(value) <= 10):
            raise InvalidValue("IMD decile", f"{value} is outside 1-10.")
        return value

    @validates("imd_version")
    def _validate_imd_version(self, _key: str, value: str | None) -> str | None:
        if value is not None and value not in IMD_VERSIONS:
            raise InvalidValue("IMD version", f"'{value}' is not one of {', '.join(IMD_VERSIONS)}.")
        return value


class Attendance(Timestamped, Base):
    __tablename__ = "attendances"
    __table_args__ = (
        Index("ix_attendances_clinic_id_appointment_at", "clinic_id", "appointment_at"),
        # Covers the uptake queries (issue 8): attended, in the period, read patient and clinic.
        Index("ix_attendances_uptake", "status", "appointment_at", "patient_id", "clinic_id"),
        # A patient's attendances, covering what the uptake summary reads (models.uptake_days).
        Index("ix_attendances_by_patient", "patient_id", "status", "appointment_at", "clinic_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    appointment_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(enum_column("attendance_status", ATTENDANCE_STATUSES))
    # The PAS appointment id: re-importing the same extract finds the row it made before.
    source_ref: Mapped[str] = mapped_column(String(64), unique=True)

    patient: Mapped[Patient] = relationship(back_populates="attendances", lazy="raise")
    clinic: Mapped[Clinic] = relationship(lazy="raise")

    @validates("status")
    def _validate_status(self, _key: str, value: str) -> str:
        if value not in ATTENDANCE_STATUSES:
            raise InvalidValue("attendance status", f"'{value}' is not one of {', '.join(ATTENDANCE_STATUSES)}.")
        return value

    @validates("source_ref")
    def _validate_source_ref(self, _key: str, value: str) -> str:
        value = (value or "").strip()
        if not value or len(value) > 64:
            raise InvalidValue("appointment id", "must be 1-64 characters.")
        return value
