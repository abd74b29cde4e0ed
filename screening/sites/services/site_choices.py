"""The sites and clinics a user may filter by: only those in their site scope.

A filter never offers a site the user cannot see, so choosing one can never be the way a
user learns of it; the services still refuse an out-of-scope site if one is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Site
from screening.policy import Action, CurrentUser, require


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    site_id: int


@dataclass(frozen=True)
class SiteChoices:
    sites: tuple[Choice, ...]
    clinics: tuple[Choice, ...]

    def clinics_at(self, site_id: int | None) -> tuple[Choice, ...]:
        return self.clinics if site_id is None else tuple(c for c in self.clinics if c.site_id == site_id)


def site_choices(session: Session, actor: CurrentUser, action: Action) -> SiteChoices:
    """Sites (by code and name) and active clinics in the actor's scope, for `action`."""
    require(actor, action)
    sites = select(Site.id, Site.code, Site.name).order_by(Site.code)
    clinics = select(Clinic.id, Clinic.name, Clinic.site_id).where(Clinic.active.is_(True)).order_by(Clinic.name)
    if actor.site_ids is not None:
        sites = sites.where(Site.id.in_(actor.site_ids))
        clinics = clinics.where(Clinic.site_id.in_(actor.site_ids))
    return SiteChoices(
        tuple(Choice(i, f"{code} · {name}", i) for i, code, name in session.execute(sites)),
        tuple(Choice(i, name, site_id) for i, name, site_id in session.execute(clinics)),
    )
