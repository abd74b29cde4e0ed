"""The uptake definitions read from the summary (`models.uptake_days`) (issue 8).

Design decisions:
- A unit's first day in the period is its one row with `from <= day <= to` and
  `prev_day` before `from` (or none). Each definition is a comparison on that row:
  eligible `next_attended <= to`; offered `next_offered <= to`; screened
  `next_screened <= to`; declined `next_declined <= to` and not screened; and the flag
  measures likewise. The grouping per unit is done when the rows are written, so a read
  is one range scan with a filter, and no GROUP BY per patient: about 1 row in 4 of the
  period passes the filter at a year's length.
- Over time (weeks or months), a unit is a patient at a site in one bucket: the same
  reading with the bucket as the period, one range scan per bucket.
- The summary has rows for patients, patients at a site and patients at a clinic. It
  answers a request when the request's units and place filter are among them
  (`summary_unit`): every clinic; whole sites with site (or one site with patient)
  units; clinics with clinic (or one clinic with patient) units. Other requests (say
  patients at two of the four sites) fall back to grouping the source tables
  (`uptake_sql`), which gives the same counts, more slowly.
- How the unit was screened (issue 17, `screening_mode`) is a comparison on the same row
  (`summary_mode`): remote if `next_remote <= to`, else assisted if `next_assisted <= to`,
  else self if `next_screened <= to`, else not screened (NULL), the codes of
  `uptake_dimensions.SCREENING_MODES`, as `uptake_sql.given_columns` groups the sittings.
- A whole week or month of the trend is read from the per-site totals instead
  (`uptake_buckets`, issue 19); `trend_query` reads the clipped buckets at a period's ends.
- The same labels as `uptake_sql` (`eligible`, `offered`...), so callers cannot tell which
  route answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.sql import ColumnElement

from models import UptakeDay
from screening.uptake.rules.uptake_periods import LONDON
from screening.uptake.services.analytics_scope import Scope

U = UptakeDay.__table__


@dataclass(frozen=True)
class SummaryUnit:
    unit: str  # the summary rows to read: patient, site or clinic
    places: tuple[int, ...] | None  # place ids to keep (None: every row of that unit)


def summary_unit(scope: Scope, unit: str) -> SummaryUnit | None:
    """Which summary rows answer a request for `unit`s within `scope`, or None."""
    if scope.clinic_ids is None:
        return SummaryUnit(unit, None)
    if unit == "clinic":
        return SummaryUnit("clinic", scope.clinic_ids)
    if scope.whole_sites and unit == "site":
        return SummaryUnit("site", tuple(scope.site_codes))
    if unit == "patient" and scope.whole_sites and len(scope.site_codes) == 1:
        return SummaryUnit("site", tuple(scope.site_codes))
    if unit == "patient" and len(scope.clinic_ids) == 1:
        return SummaryUnit("clinic", scope.clinic_ids)
    return None


def london_days(bounds: tuple[datetime, datetime]) -> tuple[date, date] | None:
    """The first and last London day of UTC bounds made by `AnalyticsFilters.utc_bounds`
    (None if the bounds are not London midnights)."""
    first, after = (moment.astimezone(LONDON) for moment in bounds)
    if any((m.hour, m.minute, m.second, m.microsecond) != (0, 0, 0, 0) for m in (first, after)):
        return None
    return first.date(), after.date() - timedelta(days=1)


def _by(day: ColumnElement[Any], last: date) -> ColumnElement[bool]:
    return day <= last


def _total(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), literal(0))


def first_rows(chosen: SummaryUnit, days: tuple[date, date]) -> list[ColumnElement[bool]]:
    """The WHERE of the eligible units' first rows in the period."""
    first, last = days
    where = [U.c.unit == chosen.unit, U.c.day >= first, U.c.day <= last,
             or_(U.c.prev_day.is_(None), U.c.prev_day < first), _by(U.c.next_attended, last)]  # fmt: skip
    if chosen.places is not None:
        where.append(U.c.place_id.in_(chosen.places))
    return where


def summary_measures(last: date, *, flags: bool) -> list[ColumnElement[Any]]:
    """Counts of eligible units, as `uptake_sql.measures` labels them."""
    screened = _by(U.c.next_screened, last)
    out: list[ColumnElement[Any]] = [func.count().label("eligible"), _total(_by(U.c.next_offered, last)).label("offered"),
           _total(screened).label("screened"),
           _total(and_(_by(U.c.next_declined, last), or_(U.c.next_screened.is_(None), U.c.next_screened > last)))
           .label("declined"),
           _total(_by(U.c.next_assisted, last)).label("assisted")]  # fmt: skip
    if flags:
        flagged = _by(U.c.next_flagged, last)
        late = _by(U.c.next_late, last)
        unresolved = _by(U.c.next_unresolved, last)
        out += [_total(flagged).label("flagged"),
                _total(and_(flagged, or_(U.c.next_late.is_(None), ~late))).label("reviewed_in_time"),
                _total(and_(flagged, or_(U.c.next_unresolved.is_(None), ~unresolved))).label("outcome_recorded")]  # fmt: skip
    return out


def summary_mode(last: date) -> ColumnElement[Any]:
    """How the unit was screened in a period ending `last`, read from its first row in the
    period: 3 (remote) if a completed sitting was begun from a secure link, else 2 (assisted)
    if one was completed with staff, else 1 (self) if one was completed, else NULL (not
    screened). `next_assisted` may be a remote sitting given with staff; remote comes first."""
    return case((_by(U.c.next_remote, last), 3), (_by(U.c.next_assisted, last), 2), (_by(U.c.next_screened, last), 1))


def trend_query(chosen: SummaryUnit, buckets: dict[int, tuple[date, date]], diagnosis_groups: tuple[str, ...]) -> Any:
    """(site id, bucket number, eligible, screened) per site and bucket, given each
    bucket's number and first and last London day: one range scan of the summary per
    bucket, with plain comparisons (no date function per row), joined by UNION ALL;
    only the patients of `diagnosis_groups`, when any."""
    parts = [
        select(U.c.place_id, literal(number).label("bucket"), func.count().label("eligible"),
               _total(_by(U.c.next_screened, last)).label("screened"))
        .where(*first_rows(chosen, (first, last)),
               *([U.c.diagnosis_group.in_(diagnosis_groups)] if diagnosis_groups else []))
        .group_by(U.c.place_id)
        for number, (first, last) in buckets.items()
    ]  # fmt: skip
    return union_all(*parts)
