"""Reliable change in the PHQ-9 total between one sitting and the one before (issue 7).

Design decisions:
- The clinical reference (s1) gives PHQ-9 bands but no reliable-change rule; issue 7 asks
  for a change of 5 or more points to be marked. That is a product decision, so the
  threshold is a named parameter (`PHQ9_RELIABLE_CHANGE`) for clinical safety sign-off,
  not a literal in a page. (NHS Talking Therapies reports reliable change on the PHQ-9
  at 6 points: a clinic that must match it passes its own threshold.)
- Each sitting is compared with the nearest earlier sitting that has a total. A sitting
  without a total (incomplete, s4) is never compared and never compared against: a
  missing total is not a zero. A prorated total is a total (s4 D3), and the change says
  when either side was prorated, since "prorated" is shown wherever a total is.
- Lower is better on the PHQ-9, so a fall is an improvement.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PHQ9_RELIABLE_CHANGE = 5  # points, issue 7 (not in the clinical reference: needs sign-off)


@dataclass(frozen=True)
class Total:
    """One sitting's PHQ-9 total, or None when it was incomplete."""

    value: int | None
    prorated: bool = False


@dataclass(frozen=True)
class Change:
    """The change from the previous total; `reliable` when it reaches the threshold."""

    previous: int
    current: int
    reliable: bool
    prorated: bool  # either total was prorated

    @property
    def points(self) -> int:
        return self.current - self.previous

    @property
    def direction(self) -> str:
        if self.points < 0:
            return "improved"
        return "worse" if self.points > 0 else "no change"

    def describe(self) -> str:
        """ "Reliable change: 9 points worse (12 to 21)"; or the plain change."""
        size = abs(self.points)
        words = f"{size} point{'s' if size != 1 else ''} {self.direction}" if size else "no change"
        prorated = ", prorated" if self.prorated else ""
        text = f"{words} ({self.previous} to {self.current}{prorated})"
        return f"Reliable change: {text}" if self.reliable else f"Change: {text}"


def phq9_changes(totals: Sequence[Total], threshold: int = PHQ9_RELIABLE_CHANGE) -> tuple[Change | None, ...]:
    """For sittings in time order, each one's change from the last earlier total (None if none)."""
    if threshold < 1:
        raise ValueError("the reliable-change threshold must be at least 1 point")
    changes: list[Change | None] = []
    previous: tuple[int, bool] | None = None  # the last total seen, and whether it was prorated
    for total in totals:
        if total.value is None:
            changes.append(None)
            continue
        if previous is None:
            changes.append(None)
        else:
            before, before_prorated = previous
            reliable = abs(total.value - before) >= threshold
            changes.append(Change(before, total.value, reliable, before_prorated or total.prorated))
        previous = (total.value, total.prorated)
    return tuple(changes)
