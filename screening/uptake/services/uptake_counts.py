"""Counts of units per breakdown group, grouped in the database (issue 8).

Design decisions:
- One query per request: `uptake_sql` builds the unit subqueries; this module adds the
  breakdown columns and the GROUP BY. The database groups by stored values (a site id,
  an ethnic category code, an age in years...); `group_label` maps them to published
  groups and the counts of values in the same group are added up here. That touches
  only aggregated rows (at most a few thousand, usually tens).
- The patients table is joined only when a breakdown or the diagnosis filter needs it.
- Ages use `london_date` (registered on SQLite first, `use_london_dates`).
- The sitting breakdowns of language of administration and interpreter used (issue 16)
  read the unit's completed sittings from the source tables (`uptake_sql.given_columns`).
  How screened (issue 17) is read from the summary like any other reading
  (`uptake_summary_sql.summary_mode`, event `remote`): the summary holds when each unit
  was first screened remotely, with staff, or at all, which is all the mode needs.
- Two routes, the same counts: the summary (`uptake_summary_sql`, brought up to date
  first by `refresh_uptake_days`) when it holds the request's units, else grouping the
  source tables (`uptake_sql`). The tests run both on the same data and compare them
  with the naive pandas route.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Subquery

from models import Patient, UptakeDay
from screening.patients.rules.age_bands import BAND_STARTS
from screening.uptake.rules.uptake_dimensions import SITTING_DIMENSIONS, group_label, sort_key
from screening.uptake.services.analytics_scope import Scope
from screening.uptake.services.london_dates import age_in_years, london_date, use_london_dates
from screening.uptake.services.uptake_days import refresh_uptake_days
from screening.uptake.services.uptake_sql import (
    eligible_units,
    joined,
    measures,
    sitting_units,
    tune,
    unit_for,
    unit_key,
)
from screening.uptake.services.uptake_summary_sql import (
    first_rows,
    london_days,
    summary_measures,
    summary_mode,
    summary_unit,
)

P = Patient.__table__
PATIENT_COLUMNS = {
    "ethnic_group": P.c.ethnic_category, "ethnic_category": P.c.ethnic_category, "imd_quintile": P.c.imd_decile,
    "gender": P.c.gender_code, "language": P.c.preferred_language, "interpreter": P.c.interpreter_needed,
    "diagnosis_group": P.c.diagnosis_group,
}  # fmt: skip


# The sitting breakdowns the summary answers (event `remote`, migration 0015).
SUMMARY_SITTING_DIMENSIONS = frozenset({"screening_mode"})


@dataclass(frozen=True)
class GroupCounts:
    groups: tuple[str, ...]
    counts: dict[str, int]


# The sitting breakdowns' columns of `uptake_sql.sitting_units(given=True)`.
SITTING_COLUMNS = {"administration_language": "language", "interpreter_used": "interpreter_used",
                   "screening_mode": "screening_mode"}  # fmt: skip


def _raw_column(dimension: str, eligible: Subquery, sittings: Subquery, unit: str) -> ColumnElement[Any]:
    if dimension in ("site", "clinic"):
        return unit_key(eligible, unit)
    if dimension in SITTING_COLUMNS:
        return sittings.c[SITTING_COLUMNS[dimension]]
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


def _source_query(scope: Scope, bounds: tuple[datetime, datetime], by: tuple[str, ...], unit: str, *,
                  flags: bool) -> tuple[Any, dict[str, ColumnElement[Any]]]:  # fmt: skip
    """The grouped query over the source tables, and its breakdown columns."""
    eligible = eligible_units(scope, bounds, unit, first_at="age_band" in by)
    sittings = sitting_units(scope, bounds, unit, flags=flags, given=bool(SITTING_DIMENSIONS.keys() & set(by)))
    raw = {name: _raw_column(name, eligible, sittings, unit) for name in by}
    source = joined(eligible, sittings, unit)
    if scope.diagnosis_groups or any(name not in ("site", "clinic", *SITTING_COLUMNS) for name in by):
        source = source.join(P, P.c.id == eligible.c.pid)
    return _grouped(raw, measures(sittings, flags=flags), source, scope), raw


def _summary_query(scope: Scope, days: Any, by: tuple[str, ...], chosen: Any, *,
                   flags: bool) -> tuple[Any, dict[str, ColumnElement[Any]]]:  # fmt: skip
    """The same counts from the summary rows."""
    U = UptakeDay.__table__
    mode = summary_mode(days[1])
    raw = {name: U.c.place_id if name in ("site", "clinic") else
           _band_start(U.c.age_attended) if name == "age_band" else
           mode if name == "screening_mode" else
           U.c[PATIENT_COLUMNS[name].name] for name in by}  # fmt: skip
    query = _grouped(raw, summary_measures(days[1], flags=flags), U, scope, U.c.diagnosis_group)
    return query.where(*first_rows(chosen, days)), raw


def _band_start(age: ColumnElement[Any]) -> ColumnElement[Any]:
    """The lowest age of the age band holding `age`: one group per band, not per year of
    age, leaves the database (`group_label` maps it to the band as it would the age)."""
    return case(*((age < upper, lower) for lower, upper in itertools.pairwise(BAND_STARTS)), else_=BAND_STARTS[-1])


def _distinct(raw: dict[str, ColumnElement[Any]]) -> list[ColumnElement[Any]]:
    """The breakdown columns, each once (ethnic group and category read the same column)."""
    return list({id(column): column for column in raw.values()}.values())


def _grouped(raw: dict[str, ColumnElement[Any]], counts: list[ColumnElement[Any]], source: Any, scope: Scope,
             diagnosis: ColumnElement[Any] = P.c.diagnosis_group) -> Any:  # fmt: skip
    distinct = _distinct(raw)
    query = select(*distinct, *counts).select_from(source).group_by(*distinct)
    if scope.diagnosis_groups:
        query = query.where(diagnosis.in_(scope.diagnosis_groups))
    return query


def group_counts(
    session: Session, scope: Scope, bounds: tuple[datetime, datetime], by: tuple[str, ...], *, flags: bool = False,
    summary: bool = True,
) -> list[GroupCounts]:  # fmt: skip
    """Counts per group of `by` (no breakdown: one row, the totals), in natural order.

    `summary=False` forces the route over the source tables (the tests compare the two).
    The language and interpreter breakdowns (issue 16) always take that route: the summary
    holds the patient's values, not how each sitting was given; how screened
    (`screening_mode`) is on the summary (`SUMMARY_SITTING_DIMENSIONS`)."""
    unit = unit_for(by)
    chosen, days = summary_unit(scope, unit), london_days(bounds)
    summary = summary and not (SITTING_DIMENSIONS.keys() - SUMMARY_SITTING_DIMENSIONS) & set(by)
    if summary and chosen is not None and days is not None:
        refresh_uptake_days(session)
        query, raw = _summary_query(scope, days, by, chosen, flags=flags)
    else:
        query, raw = _source_query(scope, bounds, by, unit, flags=flags)
        if "age_band" in by:
            use_london_dates(session)
    tune(session)
    distinct = _distinct(raw)
    labels = {name: _labeller(name, scope, unit) for name in by}
    position = {id(column): n for n, column in enumerate(distinct)}
    added: dict[tuple[str, ...], dict[str, int]] = {}
    for row in session.execute(query).mappings():
        values = list(row.values())
        key = tuple(labels[name](values[position[id(raw[name])]]) for name in by)
        into = added.setdefault(key, {})
        for measure, count in list(row.items())[len(distinct) :]:
            into[measure] = into.get(measure, 0) + int(count)  # type: ignore[index, arg-type]  # the keys: labels, str
    ordered = sorted(added, key=lambda key: tuple(sort_key(name, g) for name, g in zip(by, key, strict=True)))
    return [GroupCounts(key, added[key]) for key in ordered]
