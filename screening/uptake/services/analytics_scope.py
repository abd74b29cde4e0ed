"""Which sites and clinics an analytics request may read, and who may ask (issue 8).

Design decisions:
- Every analytics service starts here: `require(user, VIEW_DASHBOARD)` before anything
  is read (service managers and administrators), so hiding the page is never the only
  control. `user=None` is the command line, run by whoever controls the server, like
  `export-csv` without `--user`: every site.
- Site scope: a site-scoped manager sees their sites only. Naming a site outside the
  scope is refused (PermissionDenied), not silently dropped, so a table never looks
  complete when it is not. With no site named, the scope is all the user's sites.
- Unknown site or clinic codes are NotFound with the codes that do exist.
- The scope is a small frozen object of ids and codes (tens of rows), read in one
  query; the big queries filter on `clinic_ids` (None: every clinic, no filter at all).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Site
from screening.errors import NotFound, PermissionDenied
from screening.policy import Action, CurrentUser, require
from screening.uptake.rules.analytics_filters import AnalyticsFilters


@dataclass(frozen=True)
class Scope:
    clinic_ids: tuple[int, ...] | None  # None: every clinic (no filter)
    site_codes: Mapping[int, str]  # site id -> code, sites in scope
    clinic_codes: Mapping[int, str]  # clinic id -> code, clinics in scope
    clinic_sites: Mapping[int, int]  # clinic id -> site id
    diagnosis_groups: tuple[str, ...]
    whole_sites: bool = True  # every clinic of each site in scope (no clinic filter)


def resolve_scope(session: Session, user: CurrentUser | None, filters: AnalyticsFilters) -> Scope:
    if user is not None:
        require(user, Action.VIEW_DASHBOARD)
    rows = session.execute(select(Clinic.id, Clinic.code, Site.id, Site.code).join(Site)).all()
    sites = {site_id: code for _, _, site_id, code in rows}
    by_code = {code: site_id for site_id, code in sites.items()}
    _known("site", filters.site_codes, by_code)
    _known("clinic", filters.clinic_codes, {code: clinic_id for clinic_id, code, _, _ in rows})
    allowed = {s for s in sites if user is None or user.covers_site(s)}
    wanted = {by_code[c] for c in filters.site_codes} or allowed
    if not wanted <= allowed:
        raise PermissionDenied("That site is outside your site scope; ask an administrator if you need it.")
    outside = [code for _, code, site_id, _ in rows if code in filters.clinic_codes and site_id not in allowed]
    if outside:
        raise PermissionDenied(f"Clinic {outside[0]} is outside your site scope; ask an administrator if you need it.")
    clinics = [(clinic_id, code, site_id) for clinic_id, code, site_id, _ in rows if site_id in wanted
               and (not filters.clinic_codes or code in filters.clinic_codes)]  # fmt: skip
    everything = len(clinics) == len(rows)
    return Scope(
        clinic_ids=None if everything else tuple(sorted(c for c, _, _ in clinics)),
        site_codes=MappingProxyType({s: sites[s] for s in sorted(wanted)}),
        clinic_codes=MappingProxyType({c: code for c, code, _ in clinics}),
        clinic_sites=MappingProxyType({c: s for c, _, s in clinics}),
        diagnosis_groups=filters.diagnosis_groups,
        whole_sites=not filters.clinic_codes,
    )


def _known(kind: str, codes: tuple[str, ...], existing: dict[str, int]) -> None:
    missing = [code for code in codes if code not in existing]
    if missing:
        known = ", ".join(sorted(existing)) or "none yet"
        raise NotFound(f"There is no {kind} '{missing[0]}'. Known {kind} codes: {known}.")
