"""The screening cascade by group, published (issue 8; stages in `screening.uptake.rules.cascade`).

One grouped query with the flag measures (`group_counts(..., flags=True)`); each stage
is a count column of the same groups, suppressed on its own with the table's margins.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.cascade import STAGES, step_shares
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure
from screening.uptake.rules.suppression import Published
from screening.uptake.rules.uptake_dimensions import check_dimensions
from screening.uptake.rules.uptake_table import publish_counts
from screening.uptake.services.analytics_access import check_disclosure
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake_counts import GroupCounts, group_counts


@dataclass(frozen=True)
class CascadeRow:
    group: str
    counts: dict[str, Published]
    shares: dict[str, float | None]


def cascade_from(groups: list[GroupCounts], *, suppress: bool) -> list[CascadeRow]:
    """The cascade of counts grouped with the flag measures (`group_counts(..., flags=True)`)."""
    keys = [g.groups for g in groups]
    published = publish_counts(keys, {stage: [g.counts[stage] for g in groups] for stage in STAGES},
                               suppress=suppress)  # fmt: skip
    rows = []
    for i, key in enumerate(keys):
        counts = {stage: published[stage][i] for stage in STAGES}
        rows.append(CascadeRow(key[0], counts, step_shares(counts)))
    return rows


def cascade(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, dimension: str,
    disclosure: Disclosure = SUPPRESSED,
) -> list[CascadeRow]:  # fmt: skip
    (dimension,) = check_dimensions((dimension,))
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    groups = group_counts(session, scope, filters.utc_bounds(), (dimension,), flags=True)
    return cascade_from(groups, suppress=disclosure.suppress)
