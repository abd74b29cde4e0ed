"""Median and nearest-rank percentiles for review-time measures (issue 7).

Design decision: the 90th percentile is the nearest-rank value (the ceil(0.9 n)-th
smallest), a time some flag really took, which reads plainly as "9 in 10 were done within
this"; the median is the middle value, or the mean of the middle two for an even count.

Libraries, not hand-written arithmetic (docs/hand-written.md): the median is the standard
library's `statistics.median`; the nearest rank is NumPy's `percentile` with
`method="inverted_cdf"` (Hyndman and Fan's definition 1, the inverse of the empirical
distribution function: the ceil(p n)-th smallest, the value itself, never interpolated).
Our own guards stay: a percent outside (0, 100] is refused and no values give None.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def nearest_rank(values: Sequence[float], percent: float) -> float | None:
    """The nearest-rank percentile: the ceil(percent/100 x n)-th smallest value."""
    if not 0 < percent <= 100:
        raise ValueError("percent must be above 0 and at most 100")
    if not values:
        return None
    # .item(): a plain Python number (int for ints, float for floats), as before.
    value: float = np.percentile(values, percent, method="inverted_cdf").item()
    return value
