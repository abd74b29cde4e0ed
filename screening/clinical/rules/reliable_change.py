"""Reliable change in the PHQ-9 and GAD-7 totals between one sitting and the one before (s6 v2).

Design decisions:
- The clinical reference (s6, v2) takes NHS Talking Therapies' reliable change: 6 points
  on the PHQ-9 and 4 on the GAD-7, a fall being a reliable improvement and a rise a
  reliable deterioration, labelled as such (Löwe 2004; NHS Talking Therapies manual). The
  thresholds are named here (`RELIABLE_CHANGE`), not literals in a page.
- Each sitting is compared with the nearest earlier sitting that has a total of the same
  instrument. A sitting without a total (incomplete, s4) is never compared and never
  compared against: a missing total is not a zero. A prorated total is a total (s4), and
  the change says when either side was prorated, since "prorated" is shown wherever a
  total is.
- Lower is better on both, so a fall is an improvement.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from screening.counted import counted

# s6 v2: NHS Talking Therapies' reliable improvement and deterioration, in points.
RELIABLE_CHANGE: Mapping[str, int] = MappingProxyType({"phq9": 6, "gad7": 4})
_NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7"}


@dataclass(frozen=True)
class Total:
    """One sitting's total, or None when it was incomplete."""

    value: int | None
    prorated: bool = False


@dataclass(frozen=True)
class Change:
    """The change from the previous total; `reliable` when it reaches `threshold` points."""

    instrument_id: str
    previous: int
    current: int
    threshold: int
    prorated: bool  # either total was prorated

    @property
    def points(self) -> int:
        return self.current - self.previous

    @property
    def reliable(self) -> bool:
        return abs(self.points) >= self.threshold

    @property
    def direction(self) -> str:
        if self.points < 0:
            return "better"
        return "worse" if self.points > 0 else "no change"

    @property
    def label(self) -> str:
        """ "PHQ-9 reliable deterioration", "GAD-7 reliable improvement" or "PHQ-9 change"."""
        name = _NAMES[self.instrument_id]
        if not self.reliable:
            return f"{name} change"
        return f"{name} reliable {'improvement' if self.points < 0 else 'deterioration'}"

    def describe(self) -> str:
        """ "PHQ-9 reliable deterioration (6 or more points): 9 points worse (12 to 21)"."""
        size = abs(self.points)
        words = f"{counted(size, 'point')} {self.direction}" if size else "no change"
        prorated = ", prorated" if self.prorated else ""
        basis = f" ({self.threshold} or more points)" if self.reliable else ""
        return f"{self.label}{basis}: {words} ({self.previous} to {self.current}{prorated})"


def changes(instrument_id: str, totals: Sequence[Total], threshold: int | None = None) -> tuple[Change | None, ...]:
    """For sittings in time order, each one's change from the last earlier total (None if
    none), reliable at `RELIABLE_CHANGE[instrument_id]` points unless a threshold is given."""
    threshold = RELIABLE_CHANGE[instrument_id] if threshold is None else threshold
    if threshold < 1:
        raise ValueError("the reliable-change threshold must be at least 1 point")
    found: list[Change | None] = []
    previous: tuple[int, bool] | None = None  # the last total seen, and whether it was prorated
    for total in totals:
        if total.value is None:
            found.append(None)
            continue
        if previous is None:
            found.append(None)
        else:
            before, before_prorated = previous
            found.append(Change(instrument_id, before, total.value, threshold, before_prorated or total.prorated))
        previous = (total.value, total.prorated)
    return tuple(found)
