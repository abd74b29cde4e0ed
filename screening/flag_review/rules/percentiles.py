"""Median and nearest-rank percentiles for review-time measures (issue 7).

Design decision: the 90th percentile is the nearest-rank value (the ceil(0.9 n)-th
smallest), a time some flag really took, which reads plainly as "9 in 10 were done within
this"; the median is the middle value, or the mean of the middle two for an even count.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def nearest_rank(values: Sequence[float], percent: float) -> float | None:
    """The nearest-rank percentile: the ceil(percent/100 x n)-th smallest value."""
    if not 0 < percent <= 100:
        raise ValueError("percent must be above 0 and at most 100")
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(percent / 100 * len(ordered)) - 1]
