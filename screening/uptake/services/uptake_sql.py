"""The SQL of the uptake definitions: units, eligible, offered, screened (issue 8).

Definitions (issue 8), for a period of London days turned into UTC bounds [start, end):
- a *unit* is a patient, or a patient at a site, or a patient at a clinic, as the
  breakdown asks (a patient seen at two sites is eligible at each); over time, a unit
  is also per week or month (`Buckets`);
- eligible: the unit has an attendance with status "attended" in the period;
- offered: it also has a screening sitting of any status started in the period (at that
  site or clinic for those breakdowns); screened: one of them completed; declined: one
  declined and none completed. A sitting counts by when it started, as in export-csv.
- flags (cascade and tiles): those raised on the unit's completed sittings in the period;
  "reviewed in time" = every such flag first acknowledged (or closed) by its due time;
  "outcome recorded" = every such flag closed with an outcome.

Design decisions:
- Everything is grouped in the database: one grouped subquery of attended appointments
  and one of sittings, one row per unit each, joined on the unit, then joined to patients
  for the breakdown values and grouped again; only the final groups reach Python.
- One level of grouping per table, by (patient, site) with the 32-row clinics table
  joined in, not (patient, clinic) rolled up afterwards: PostgreSQL under-estimates a
  second level by two orders of magnitude and then plans a nested loop over every unit.
- Periods over time are numbered by comparing each time with the buckets' exact UTC
  starts (London weeks or months, clock changes included; `bucket_index`): the same SQL
  on both databases, no time-zone function, no join.
- Conditional aggregates (`MAX(CASE ...)`) are plain SQL on both databases.
- Both big scans are answered from covering indexes (`ix_attendances_uptake`,
  `ix_screening_sessions_uptake`, migration 0004): no table lookup per row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Subquery

from models import Attendance, Clinic, Flag, ScreeningSession
from screening.uptake.services.analytics_scope import Scope

A, S, C, F = Attendance.__table__, ScreeningSession.__table__, Clinic.__table__, Flag.__table__
Bounds = tuple[datetime, datetime]


def tune(session: Session) -> None:
    """PostgreSQL, for the rest of this transaction: no JIT (compiling these plans cost
    seconds, more than running them); room to hash a year of units in memory; and no
    parallel workers, which here would each build the same unit hash tables again; and
    the planner told that a page is as cheap to reach by index as in sequence, as it is
    for the summary's key-ordered rows held in memory (otherwise it scans every unit's rows).
    SQLite, for this connection: read the file through memory mapping, not a read call
    per page (the summary of a year of a large service is a few hundred megabytes)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA mmap_size = 1073741824"))
    elif session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        session.execute(text("SET LOCAL random_page_cost = 1.1"))


def unit_for(by: tuple[str, ...]) -> str:
    """The finest place a breakdown needs: clinic, site, or none (the patient)."""
    return "clinic" if "clinic" in by else "site" if "site" in by else "patient"


def bucket_index(time: Any, starts: list[datetime]) -> ColumnElement[Any]:
    """The number of the bucket holding `time`, given each bucket's first instant (sorted):
    a balanced tree of CASEs, so each row costs about log2(buckets) comparisons (6 for a
    year of weeks), on both databases, with no join and no time-zone function."""

    def pick(low: int, high: int) -> ColumnElement[Any]:
        if high - low == 1:
            return literal(low)
        middle = (low + high) // 2
        return case((time < starts[middle], pick(low, middle)), else_=pick(middle, high))

    return pick(0, len(starts))


def _flag(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.max(case((condition, 1), else_=0))


def _grouped(table: Any, time: Any, bounds: Bounds, scope: Scope, unit: str, period: list[datetime] | None,
             columns: list[ColumnElement[Any]], where: list[ColumnElement[bool]]) -> Select[Any]:  # fmt: skip
    """(pid[, unit][, k], aggregates...): one row per patient (at a site or clinic, in a bucket)."""
    keys: list[Any] = [table.c.patient_id.label("pid")]
    if unit == "site":
        keys.append(C.c.site_id.label("unit"))
    elif unit == "clinic":
        keys.append(table.c.clinic_id.label("unit"))
    if period is not None:
        keys.append(bucket_index(time, period).label("k"))
    query = select(*keys, *columns).select_from(table)
    if unit == "site":
        query = query.join(C, C.c.id == table.c.clinic_id)
    query = query.where(time >= bounds[0], time < bounds[1], *where)
    if scope.clinic_ids is not None:
        query = query.where(table.c.clinic_id.in_(scope.clinic_ids))
    return query.group_by(*keys)


def eligible_units(
    scope: Scope, bounds: Bounds, unit: str, *, first_at: bool, period: list[datetime] | None = None
) -> Subquery:
    columns: list[ColumnElement[Any]] = [func.min(A.c.appointment_at).label("first_at")] if first_at else []
    query = _grouped(A, A.c.appointment_at, bounds, scope, unit, period, columns, [A.c.status == "attended"])
    return query.subquery("eligible")


def sitting_units(
    scope: Scope, bounds: Bounds, unit: str, *, flags: bool, period: list[datetime] | None = None, given: bool = False
) -> Subquery:
    completed = S.c.status == "completed"
    columns: list[ColumnElement[Any]] = [_flag(completed).label("screened"), _flag(S.c.status == "declined").label("declined"),
               _flag(and_(completed, S.c.mode == "assisted")).label("assisted")]  # fmt: skip
    if given:
        columns += given_columns(completed)
    if flags:
        reviewed_at = func.coalesce(F.c.acknowledged_at, F.c.closed_at)
        raised = and_(completed, F.c.id.is_not(None))
        columns += [
            _flag(raised).label("flagged"),
            _flag(and_(raised, or_(reviewed_at.is_(None), reviewed_at > F.c.due_at))).label("late"),
            _flag(and_(raised, F.c.outcome.is_(None))).label("unresolved"),
        ]
    query = _grouped(S, S.c.started_at, bounds, scope, unit, period, columns, [])
    if flags:
        query = query.outerjoin(F, F.c.session_id == S.c.id)
    return query.subquery("sittings")


def given_columns(completed: ColumnElement[bool]) -> list[ColumnElement[Any]]:
    """How the unit's completed sittings in the period were given (issue 16), NULL when none:
    `language`, the first tag in alphabetical order (two completed sittings in two
    languages in one period are rare; a fixed rule keeps the count repeatable), and
    `interpreter_used`, 2 if an interpreter helped at any of them, else 1 if "no" was
    recorded at any, else 0 (not recorded); and `screening_mode` (issue 17), 3 if any was begun
    from a secure link, else 2 if any was assisted, else 1 (self): the codes of
    `uptake_dimensions.SCREENING_MODES`."""
    used = case((S.c.interpreter_used.is_(True), 2), (S.c.interpreter_used.is_(False), 1), else_=0)
    mode = case((S.c.remote.is_(True), 3), (S.c.mode == "assisted", 2), else_=1)
    return [func.min(case((completed, S.c.language))).label("language"),
            func.max(case((completed, used))).label("interpreter_used"),
            func.max(case((completed, mode))).label("screening_mode")]  # fmt: skip


def unit_key(sub: Subquery, unit: str) -> Any:
    return None if unit == "patient" else sub.c.unit


def joined(eligible: Subquery, sittings: Subquery, unit: str, *, period: bool = False) -> Any:
    on = [sittings.c.pid == eligible.c.pid]
    if unit != "patient":
        on.append(unit_key(sittings, unit) == unit_key(eligible, unit))
    if period:
        on.append(sittings.c.k == eligible.c.k)
    return eligible.outerjoin(sittings, and_(*on))


def measures(sittings: Subquery, *, flags: bool) -> list[ColumnElement[Any]]:
    """Counts of units per group; each is a sum of 0/1 per unit, so groups add up exactly."""

    def total(condition: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), literal(0))

    out: list[ColumnElement[Any]] = [func.count().label("eligible"), func.count(sittings.c.pid).label("offered"),
           total(sittings.c.screened == 1).label("screened"),
           total(and_(sittings.c.declined == 1, sittings.c.screened == 0)).label("declined"),
           total(sittings.c.assisted == 1).label("assisted")]  # fmt: skip
    if flags:
        flagged = sittings.c.flagged == 1
        out += [total(flagged).label("flagged"),
                total(and_(flagged, sittings.c.late == 0)).label("reviewed_in_time"),
                total(and_(flagged, sittings.c.unresolved == 0)).label("outcome_recorded")]  # fmt: skip
    return out
