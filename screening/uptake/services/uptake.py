"""Uptake by breakdown, and the dashboard's headline figures (issue 8).

The same functions serve the command line (`python -m screening uptake`), the dashboard
and the tests. Each one checks access (`resolve_scope`, `check_disclosure`) before it
reads, groups in the database (`uptake_counts`), and returns published figures only:
suppressed per clinical reference section 7 unless an administrator switched that off
(`screening.uptake.rules.disclosure`). No row about a patient leaves this layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from models import Flag, Patient, ScreeningSession
from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure
from screening.uptake.rules.mode_mix import MODE, ModeShare, mode_shares
from screening.uptake.rules.suppression import Published
from screening.uptake.rules.uptake_dimensions import check_dimensions
from screening.uptake.rules.uptake_table import COUNTS, PublishedRow, UptakeRow, publish, publish_counts, rate
from screening.uptake.services.analytics_access import check_disclosure
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake_counts import GroupCounts, group_counts
from screening.uptake.services.uptake_sql import unit_for

HEADLINE = ("eligible", "offered", "screened", "declined", "assisted", "flagged", "flags_due", "flags_closed_in_time")


def rows_of(counts: list[GroupCounts]) -> list[UptakeRow]:
    return [UptakeRow(g.groups, *(g.counts[name] for name in COUNTS)) for g in counts]


def uptake_table(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, by: tuple[str, ...],
    disclosure: Disclosure = SUPPRESSED,
) -> list[PublishedRow]:  # fmt: skip
    """Eligible, offered, screened, declined and uptake for each group of one or two breakdowns."""
    by = check_dimensions(by)
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    return publish(rows_of(group_counts(session, scope, filters.utc_bounds(), by)), suppress=disclosure.suppress)


def screening_modes(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, by: str | None,
    disclosure: Disclosure = SUPPRESSED,
) -> list[ModeShare]:  # fmt: skip
    """How each group's eligible patients were screened (issue 17): tablet alone, with staff, from a
    secure link, or not at all, as shares of the group (`by` None: of everyone eligible)."""
    dimensions = check_dimensions((MODE,) if by is None else (by, MODE))
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    rows = rows_of(group_counts(session, scope, filters.utc_bounds(), dimensions))
    return mode_shares(rows, suppress=disclosure.suppress)


@dataclass(frozen=True)
class Headline:
    counts: dict[str, Published]  # HEADLINE names -> published count
    uptake: float | None
    ci_low: float | None
    ci_high: float | None

    def share(self, part: str, whole: str) -> float | None:
        return rate(self.counts[part], self.counts[whole])[0]


def headline_and_modes(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, *, now: datetime, by: str | None = None,
    disclosure: Disclosure = SUPPRESSED,
) -> tuple[Headline, list[ModeShare]]:  # fmt: skip
    """The tiles (eligible, offered, uptake, declined, assisted, flagged, flags closed within
    target), and how each group of `by` was screened (`screening_modes`), from one grouped
    reading by (`by`,) how screened (issue 19): every eligible unit is in exactly one of its
    groups, so each tile's count is their sum, and the Uptake page reads the period's
    patients once for both instead of twice. Not by site or clinic: there a patient seen at
    two sites is in two groups, so the tiles are read apart.

    "Flags closed within target": of the flags raised on the period's completed sittings
    whose due time has passed by `now`, those closed by their due time (a flag not yet
    due is not yet judged either way)."""
    dimensions = check_dimensions((MODE,) if by is None else (by, MODE))
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    bounds = filters.utc_bounds()
    groups = group_counts(session, scope, bounds, dimensions, flags=True)
    if unit_for(dimensions) == "patient":
        counts = {name: sum(group.counts.get(name, 0) for group in groups) for name in HEADLINE[:6]}
    else:  # by site or clinic: a patient seen at two sites is in two groups, but one patient in the tiles
        (total,) = group_counts(session, scope, bounds, (), flags=True) or [GroupCounts((), {})]
        counts = {name: total.counts.get(name, 0) for name in HEADLINE[:6]}
    counts.update(_flags_in_time(session, scope.clinic_ids, scope.diagnosis_groups, bounds, now))
    published = {name: values[0] for name, values in publish_counts(
        [()], {name: [count] for name, count in counts.items()}, suppress=disclosure.suppress).items()}  # fmt: skip
    modes = mode_shares(rows_of(groups), suppress=disclosure.suppress)
    return Headline(published, *rate(published["screened"], published["eligible"])), modes


def _flags_in_time(
    session: Session, clinic_ids: tuple[int, ...] | None, diagnoses: tuple[str, ...],
    bounds: tuple[datetime, datetime], now: datetime,
) -> dict[str, int]:  # fmt: skip
    F, S = Flag.__table__, ScreeningSession.__table__
    due = F.c.due_at <= now
    in_time = and_(due, F.c.closed_at.is_not(None), F.c.closed_at <= F.c.due_at)
    query = (
        select(func.coalesce(func.sum(case((due, 1), else_=0)), 0),
               func.coalesce(func.sum(case((in_time, 1), else_=0)), 0))
        .select_from(F.join(S, S.c.id == F.c.session_id))
        .where(S.c.status == "completed", S.c.started_at >= bounds[0], S.c.started_at < bounds[1])
    )  # fmt: skip
    if clinic_ids is not None:
        query = query.where(S.c.clinic_id.in_(clinic_ids))
    if diagnoses:
        P = Patient.__table__
        query = query.join(P, P.c.id == S.c.patient_id).where(P.c.diagnosis_group.in_(diagnoses))
    flags_due, closed = session.execute(query).one()
    return {"flags_due": int(flags_due), "flags_closed_in_time": int(closed)}
