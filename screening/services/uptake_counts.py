"""Counts of units per breakdown group, grouped in the database (issue 8).

Design decisions:
- One query per request: `uptake_sql` builds the unit subqueries; this module adds the
  breakdown columns and the GROUP BY. The database groups by stored values (a site id,
  an ethnic category code, an age in years...); `group_label` maps them to published
  groups and the counts of values in the same group are added up here. That touches
  only aggregated rows (at most a few thousand, usually tens).
- The patients table is joined only when a breakdown or the diagnosis filter needs it.
- Ages use `london_date` (registered on SQLite first, `use_london_dates`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Subquery

from models import Patient
from screening.services.analytics_scope import Scope
from screening.services.london_dates import age_in_years, london_date, use_london_dates
from screening.services.uptake_sql import eligible_units, joined, measures, sitting_units, tune, unit_for, unit_key
from screening.uptake_dimensions import group_label, sort_key

P = Patient.__table__
PATIENT_COLUMNS = {
    "ethnic_group": P.c.ethnic_category, "ethnic_category": P.c.ethnic_category, "imd_quintile": P.c.imd_decile,
    "gender": P.c.gender_code, "language": P.c.preferred_language, "interpreter": P.c.interpreter_needed,
    "diagnosis_group": P.c.diagnosis_group,
}  # fmt: skip


@dataclass(frozen=True)
class GroupCounts:
    groups: tuple[str, ...]
    counts: dict[str, int]


def _raw_column(dimension: str, eligible: Subquery, unit: str) -> ColumnElement[Any]:
    if dimension in ("site", "clinic"):
        return unit_key(eligible, unit)
    if dimension == "age_band":
        return age_in_years(P.c.date_of_birth, london_date(eligible.c.first_at))
    return PATIENT_COLUMNS[dimension]


def _labeller(dimension: str, scope: Scope, unit: str) -> Callable[[Any], str]:
    if dimension == "site":
        if unit == "clinic":
            return lambda clinic_id: scope.site_codes[scope.clinic_sites[clinic_id]]
        return lambda site_id: scope.site_codes[site_id]
    if dimension == "clinic":
        return lambda clinic_id: scope.clinic_codes[clinic_id]
    return lambda value: group_label(dimension, value)


def group_counts(
    session: Session, scope: Scope, bounds: tuple[datetime, datetime], by: tuple[str, ...], *, flags: bool = False
) -> list[GroupCounts]:
    """Counts per group of `by` (no breakdown: one row, the totals), in natural order."""
    unit = unit_for(by)
    eligible = eligible_units(scope, bounds, unit, first_at="age_band" in by)
    sittings = sitting_units(scope, bounds, unit, flags=flags)
    raw = {name: _raw_column(name, eligible, unit) for name in by}
    distinct = list({id(column): column for column in raw.values()}.values())
    source = joined(eligible, sittings, unit)
    if scope.diagnosis_groups or any(name not in ("site", "clinic") for name in by):
        source = source.join(P, P.c.id == eligible.c.pid)
    query = select(*distinct, *measures(sittings, flags=flags)).select_from(source).group_by(*distinct)
    if scope.diagnosis_groups:
        query = query.where(P.c.diagnosis_group.in_(scope.diagnosis_groups))
    tune(session)
    if "age_band" in by:
        use_london_dates(session)
    labels = {name: _labeller(name, scope, unit) for name in by}
    position = {id(column): n for n, column in enumerate(distinct)}
    added: dict[tuple[str, ...], dict[str, int]] = {}
    for row in session.execute(query).mappings():
        values = list(row.values())
        key = tuple(labels[name](values[position[id(raw[name])]]) for name in by)
        into = added.setdefault(key, {})
        for measure, count in list(row.items())[len(distinct):]:
            into[measure] = into.get(measure, 0) + int(count)
    ordered = sorted(added, key=lambda key: tuple(sort_key(name, g) for name, g in zip(by, key)))
    return [GroupCounts(key, added[key]) for key in ordered]
