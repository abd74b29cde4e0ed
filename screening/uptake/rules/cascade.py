"""The screening cascade: at which step each group falls out (issue 8).

UK screening inequality guidance looks at every stage, not only the final uptake. The
stages, each a count of units (patients, or patients at a site):
1. eligible - attended in the period;
2. offered - a sitting was started;
3. completed - a sitting was completed (the "screened" of the uptake definitions);
4. flagged - a completed sitting raised at least one flag;
5. flag reviewed within target - every such flag was first acknowledged (or closed) by
   its due time (`screening.flag_review.rules.due_times`); a flag still waiting counts as not yet;
6. outcome recorded - every such flag was closed with an outcome.
Stages 1-4 are nested, each a share of the one before. Stages 5 and 6 are both shares of
stage 4: an outcome recorded late is still recorded, so 6 is not a subset of 5.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from screening.uptake.rules.suppression import Published
from screening.uptake.rules.uptake_table import rate

STAGES: Mapping[str, str] = MappingProxyType({
    "eligible": "Eligible",
    "offered": "Offered",
    "screened": "Completed",
    "flagged": "Flagged",
    "reviewed_in_time": "Flag reviewed within target",
    "outcome_recorded": "Outcome recorded",
})  # fmt: skip
# Each stage's share is of this stage.
OF: Mapping[str, str] = MappingProxyType({
    "offered": "eligible", "screened": "offered", "flagged": "screened",
    "reviewed_in_time": "flagged", "outcome_recorded": "flagged",
})  # fmt: skip


def step_shares(counts: Mapping[str, Published]) -> dict[str, float | None]:
    """Each stage as a share of the stage it follows (None where hidden or 0)."""
    return {stage: rate(counts[stage], counts[of])[0] for stage, of in OF.items()}
