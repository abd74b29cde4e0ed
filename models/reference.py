"""Sites and clinics: the reference data every attendance and screen hangs off."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import Base, Timestamped, enum_column
from screening.clinical.rules.codes import CLINIC_SPECIALTIES, SCREENING_BUNDLES
from screening.errors import InvalidValue


def _code(field: str, value: str) -> str:
    value = (value or "").strip().upper()
    if not value or len(value) > 20 or not all(ch.isalnum() or ch in "-_" for ch in value):
        raise InvalidValue(field, "must be 1-20 letters, digits, '-' or '_'.")
    return value


class Site(Timestamped, Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    clinics: Mapped[list[Clinic]] = relationship(back_populates="site", lazy="raise")

    @validates("code")
    def _validate_code(self, _key: str, value: str) -> str:
        return _code("site code", value)


class Clinic(Timestamped, Base):
    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    specialty: Mapped[str] = mapped_column(enum_column("specialty", tuple(CLINIC_SPECIALTIES)))
    bundle: Mapped[str] = mapped_column(enum_column("bundle", tuple(SCREENING_BUNDLES)), default="full")
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site] = relationship(back_populates="clinics", lazy="raise")

    @validates("code")
    def _validate_code(self, _key: str, value: str) -> str:
        return _code("clinic code", value)

    @validates("specialty")
    def _validate_specialty(self, _key: str, value: str) -> str:
        if value not in CLINIC_SPECIALTIES:
            raise InvalidValue("specialty", f"'{value}' is not one of {', '.join(CLINIC_SPECIALTIES)}.")
        return value

    @validates("bundle")
    def _validate_bundle(self, _key: str, value: str) -> str:
        if value not in SCREENING_BUNDLES:
            raise InvalidValue("bundle", f"'{value}' is not one of {', '.join(SCREENING_BUNDLES)}.")
        return value
