"""The adjusted comparison: logistic regression of screened on group, site, age band and
gender, with seeded bootstrap intervals (issue 8).

Design decisions:
- Fitted on aggregated cells, never on patient rows: the database counts eligible and
  screened units for every (group, site, age band, gender) cell (`group_counts`), and
  each cell enters as two weighted rows (screened, not screened). With categorical
  covariates that is the same likelihood as one row per patient, so the odds ratios are
  the patient-level ones, and only a few thousand numbers leave the database.
- Units are patients at a site (a patient eligible at two sites is two units), because
  site is a covariate. Each covariate is one-hot coded against its largest group, so
  every odds ratio reads "against the largest group, at the same site, age band and
  gender".
- The fit itself, its intervals and its small-number rule: `odds_ratios`.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure
from screening.uptake.rules.uptake_dimensions import check_dimensions
from screening.uptake.services.analytics_access import check_disclosure
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.odds_ratios import OddsRow, odds_from_cells
from screening.uptake.services.uptake_counts import GroupCounts, group_counts

__all__ = ["ADJUSTED_FOR", "OddsRow", "adjusted_odds", "cells_frame", "model_breakdown", "odds_from_cells"]
ADJUSTED_FOR = ("site", "age_band", "gender")


def adjusted_odds(
    session: Session, user: CurrentUser | None, filters: AnalyticsFilters, dimension: str,
    disclosure: Disclosure = SUPPRESSED, *, resamples: int = 200, seed: int = 8,
) -> list[OddsRow]:  # fmt: skip
    """Odds ratios of being screened for each group of `dimension`, adjusted for site, age
    band and gender, against the largest group."""
    (dimension,) = check_dimensions((dimension,))
    check_disclosure(user, disclosure)
    scope = resolve_scope(session, user, filters)
    by = model_breakdown(dimension)
    cells = cells_frame(group_counts(session, scope, filters.utc_bounds(), by), by)
    return odds_from_cells(cells, dimension, suppress=disclosure.suppress, resamples=resamples, seed=seed)


def model_breakdown(dimension: str) -> tuple[str, ...]:
    """The cells the model needs: the dimension, then site, age band and gender."""
    return tuple(dict.fromkeys((dimension, *ADJUSTED_FOR)))


def cells_frame(groups: list[GroupCounts], by: tuple[str, ...]) -> pd.DataFrame:
    """Aggregated cells (one row per covariate pattern), the only rows pandas sees."""
    return pd.DataFrame([dict(zip(by, g.groups, strict=True)) | {"eligible": g.counts["eligible"], "screened": g.counts["screened"]}
                         for g in groups], columns=[*by, "eligible", "screened"])  # fmt: skip
