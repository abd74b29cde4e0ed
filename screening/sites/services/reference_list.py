"""Every site and clinic, as the administrator's Sites and clinics page lists them.

Design decisions:
- Read-only and separate from `reference_data` (which adds), so the page calls one
  function per action and the import path stays as it is.
- Requires MANAGE_SITES_AND_CLINICS, a global action: the list spans every site,
  including clinics switched off (`active`), since a code in use cannot be reused.
- Plain frozen values, no ORM objects, so nothing outlives the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Clinic, Site
from screening.policy import Action, CurrentUser, require


@dataclass(frozen=True)
class SiteRow:
    code: str
    name: str
    clinics: int


@dataclass(frozen=True)
class ClinicRow:
    site_code: str
    code: str
    name: str
    specialty: str
    bundle: str
    active: bool


@dataclass(frozen=True)
class ReferenceList:
    sites: tuple[SiteRow, ...]
    clinics: tuple[ClinicRow, ...]


def sites_and_clinics(session: Session, actor: CurrentUser) -> ReferenceList:
    """Sites by code with their clinic count; clinics by site code, then clinic code."""
    require(actor, Action.MANAGE_SITES_AND_CLINICS)
    sites = session.execute(
        select(Site.code, Site.name, func.count(Clinic.id)).outerjoin(Clinic).group_by(Site.id).order_by(Site.code)
    )  # fmt: skip
    clinics = session.execute(
        select(Site.code, Clinic.code, Clinic.name, Clinic.specialty, Clinic.bundle, Clinic.active)
        .join(Site).order_by(Site.code, Clinic.code)
    )  # fmt: skip
    return ReferenceList(tuple(SiteRow(*row) for row in sites), tuple(ClinicRow(*row) for row in clinics))
