"""Sites and clinics: adding them, and looking their codes up for the imports.

Design decisions:
- `add_site` / `add_clinic` take the signed-in user as `actor` and require
  MANAGE_SITES_AND_CLINICS; `actor=None` is the command line, run by someone who
  already controls the server (as `create-user` is). Each addition is audited with its
  codes only.
- A duplicate code is a ConflictError and an unknown site a NotFound whose message says
  how to create it, so the person at the keyboard knows the next step.
- The imports look codes up through `ReferenceCodes`, loaded once per import (there are
  tens of clinics, not thousands), so a 100,000-row file costs no per-row query; the
  same hint messages appear in their row errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Site
from screening.audit.services.audit import record_event
from screening.clinical.rules.codes import CLINIC_SPECIALTIES, SCREENING_BUNDLES
from screening.errors import ConflictError, InvalidValue, NotFound
from screening.policy import Action, CurrentUser, require

COMMAND_LINE = "command line"  # the audit actor when no signed-in user made the change
ADD_SITE_HINT = "create it with `python -m screening add-site CODE NAME`"
ADD_CLINIC_HINT = (
    "create it with `python -m screening add-clinic SITE_CODE CODE NAME --specialty "
    f"{'|'.join(CLINIC_SPECIALTIES)} --bundle full|gateway`"
)


@dataclass(frozen=True)
class ClinicCode:
    id: int
    site_code: str
    bundle: str


@dataclass(frozen=True)
class ReferenceCodes:
    sites: frozenset[str]
    clinics: dict[str, ClinicCode]


def add_site(session: Session, code: str, name: str, *, actor: CurrentUser | None = None) -> Site:
    if actor is not None:
        require(actor, Action.MANAGE_SITES_AND_CLINICS)
    site = Site(code=code, name=_name(name))  # the model checks and upper-cases the code
    if session.scalar(select(Site.id).where(Site.code == site.code)) is not None:
        raise ConflictError(f"A site with code {site.code} already exists; choose another code.")
    session.add(site)
    session.flush()
    _audit(session, actor, "site.created", "site", site.id, {"code": site.code})
    return site


def add_clinic(
    session: Session, site_code: str, code: str, name: str, *, specialty: str, bundle: str = "full",
    actor: CurrentUser | None = None,
) -> Clinic:  # fmt: skip
    if actor is not None:
        require(actor, Action.MANAGE_SITES_AND_CLINICS)
    wanted = (site_code or "").strip().upper()
    site = session.scalar(select(Site).where(Site.code == wanted))
    if site is None:
        raise NotFound(f"No site with code {wanted or '(blank)'}: {ADD_SITE_HINT}.")
    if bundle not in SCREENING_BUNDLES:
        raise InvalidValue("bundle", f"must be one of {', '.join(SCREENING_BUNDLES)}.")
    clinic = Clinic(site_id=site.id, code=code, name=_name(name), specialty=specialty, bundle=bundle)
    if session.scalar(select(Clinic.id).where(Clinic.code == clinic.code)) is not None:
        raise ConflictError(f"A clinic with code {clinic.code} already exists; choose another code.")
    session.add(clinic)
    session.flush()
    detail = {"code": clinic.code, "site": site.code, "specialty": specialty, "bundle": bundle}
    _audit(session, actor, "clinic.created", "clinic", clinic.id, detail)
    return clinic


def reference_codes(session: Session) -> ReferenceCodes:
    """Every site code, and every clinic by code with its site and bundle."""
    sites = frozenset(session.scalars(select(Site.code)))
    rows = session.execute(select(Clinic.code, Clinic.id, Site.code, Clinic.bundle).join(Site))
    return ReferenceCodes(sites, {code: ClinicCode(id, site, bundle) for code, id, site, bundle in rows})


def _name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= 120:
        raise InvalidValue("name", "must be 1-120 characters.")
    return name


def _audit(
    session: Session, actor: CurrentUser | None, action: str, entity: str, entity_id: int, detail: dict[str, str]
) -> None:
    record_event(
        session, actor=actor.username if actor else COMMAND_LINE, actor_user_id=actor.user_id if actor else None,
        action=action, entity_type=entity, entity_id=entity_id, detail=detail,
    )  # fmt: skip
