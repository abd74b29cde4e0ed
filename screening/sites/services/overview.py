"""What the home page shows before anyone signs in: the service's shape, no patient rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Clinic, Site
from screening.clinical.rules.codes import CLINIC_SPECIALTIES, SCREENING_BUNDLES
from screening.database.services.database import is_demo

# Who sees what: the home page shows this so every user knows what their role offers.
ROLE_GUIDE: tuple[tuple[str, str], ...] = (
    (
        "Clinic staff",
        "Today's clinic list and screening at their sites; the summary of the "
        "screen just completed; physical-health flags for their clinics.",
    ),
    (
        "Psychologist",
        "The review queue of psychological flags for their sites, most urgent "
        "first; patient screening history; triage actions through to an outcome.",
    ),
    (
        "Service manager",
        "Uptake and equity dashboards by site and demographic group, with "
        "small numbers suppressed; no patient-level rows.",
    ),
    ("Administrator", "Users, sites, clinics, imports and exports, and the audit log."),
)


@dataclass(frozen=True)
class ClinicRow:
    site: str
    clinic: str
    specialty: str
    bundle: str


@dataclass(frozen=True)
class Overview:
    demo: bool
    site_count: int
    clinics: tuple[ClinicRow, ...]


def service_overview(session: Session) -> Overview:
    rows = session.execute(
        select(Site.name, Clinic.name, Clinic.specialty, Clinic.bundle)
        .join(Clinic, Clinic.site_id == Site.id)
        .where(Clinic.active.is_(True))
        .order_by(Site.name, Clinic.name)
    ).all()
    return Overview(
        demo=is_demo(session),
        site_count=session.scalar(select(func.count()).select_from(Site)) or 0,
        clinics=tuple(
            ClinicRow(site, clinic, CLINIC_SPECIALTIES[specialty], SCREENING_BUNDLES[bundle])
            for site, clinic, specialty, bundle in rows
        ),
    )
