"""The choices the dashboard's filters offer: sites, clinics and diagnosis groups in scope.

Only codes and names of places, and the diagnosis group names in use (a short coded
list), never a count: the filters must not become a back door around suppression.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Patient, Site
from screening.policy import Action, CurrentUser, require


@dataclass(frozen=True)
class FilterOptions:
    sites: tuple[tuple[str, str], ...]  # (code, name)
    clinics: tuple[tuple[str, str, str], ...]  # (code, name, site code)
    diagnosis_groups: tuple[str, ...]


def filter_options(session: Session, user: CurrentUser) -> FilterOptions:
    require(user, Action.VIEW_DASHBOARD)
    rows = session.execute(
        select(Site.id, Site.code, Site.name, Clinic.code, Clinic.name).join(Clinic, Clinic.site_id == Site.id)
        .order_by(Site.code, Clinic.code)
    ).all()  # fmt: skip
    visible = [row for row in rows if user.covers_site(row[0])]
    sites = tuple(dict.fromkeys((code, name) for _, code, name, _, _ in visible))
    clinics = tuple((clinic, clinic_name, site) for _, site, _, clinic, clinic_name in visible)
    groups = tuple(session.scalars(select(Patient.diagnosis_group).distinct().order_by(Patient.diagnosis_group)))
    return FilterOptions(sites, clinics, groups)
