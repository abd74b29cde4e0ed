"""Small-number suppression for every aggregate a manager sees or exports (clinical.md s7).

The rule (NHS Digital secondary-care rule, clinical reference section 7):
- primary: a count of 0 is shown as 0; 1-7 as "*"; any other count rounded to the
  nearest 5 (8 -> 10, 12 -> 10, 13 -> 15), so no published count is exact;
- a rate (or interval) whose numerator or denominator is hidden is hidden;
- secondary suppression, so a hidden cell cannot be worked out from a total.

Secondary suppression, the method (complementary cell suppression):
- A table is cells (group -> count) and "margins": sets of cells that add up to a total
  that is, or could be, published. For a one-way table the margin is the whole column
  (its total is the headline tile). For a two-way table A x B each row (a, *) adds up to
  a's count in the one-way table of A and each column (*, b) to b's; each is a margin.
  Each count column (eligible, offered, screened, declined) is treated on its own.
- Whenever a margin holds exactly ONE hidden cell, the smallest other non-zero visible
  cell of that margin is hidden too ("*"), so the total minus the visible cells gives
  only the sum of two hidden cells. Zeros are never chosen: they are shown as 0. Among
  candidates, one whose other margins can themselves still be protected is preferred
  (a cell that is the only non-zero cell of another margin equals that margin's total).
- Repeated until no margin has a lone hidden cell (hiding a cell in one margin can
  leave it alone in another). Ties go to the earlier cell, so the result is repeatable.
- A margin whose only non-zero cell is hidden needs no partner: its total is that cell,
  and is itself 1-7 and hidden wherever it is published.

Published rates are worked out from the published (rounded) counts, not the exact ones:
an exact rate to four decimals would let anyone recover the exact counts that rounding
hides, and with the dashboard's free filters, exact counts can be differenced between
two filter settings to single out a patient.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
HIDDEN = "*"
Published = int | str  # a count as published: an int, or HIDDEN
LOWEST_SHOWN = 8


def round_to_5(count: int) -> int:
    """Nearest multiple of 5 (integers never tie: remainders 0-2 go down, 3-4 up)."""
    return 5 * ((count + 2) // 5)


def primary(count: int) -> Published:
    """One count as published by the primary rule alone."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    if count == 0:
        return 0
    return HIDDEN if count < LOWEST_SHOWN else round_to_5(count)


def hidden_cells(cells: Mapping[K, int], margins: Iterable[Sequence[K]]) -> set[K]:
    """The cells to hide: primary (1-7) and complementary, per the method above."""
    order = {key: n for n, key in enumerate(cells)}
    groups = [list(m) for m in margins]
    hidden = {key for key, count in cells.items() if 0 < count < LOWEST_SHOWN}
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(key in hidden for key in group) != 1:
                continue
            candidates = [key for key in group if key not in hidden and cells[key] > 0]
            if not candidates:
                continue  # the hidden cell is the margin's only non-zero cell (see above)
            hidden.add(min(candidates, key=lambda key: (not _protectable(key, groups, cells, hidden, group),
                                                        cells[key], order[key])))  # fmt: skip
            changed = True
    return hidden


def _protectable(key: K, groups: list[list[K]], cells: Mapping[K, int], hidden: set[K], chosen_in: list[K]) -> bool:
    """Whether hiding `key` leaves each of its other margins able to take a partner."""
    for group in groups:
        if group is chosen_in or key not in group:
            continue
        others = [k for k in group if k != key and (k in hidden or cells[k] > 0)]
        if not others:
            return False
    return True


def publish_column(cells: Mapping[K, int], margins: Iterable[Sequence[K]]) -> dict[K, Published]:
    """Every cell of one count column as published (primary and secondary rules)."""
    hidden = hidden_cells(cells, margins)
    return {key: HIDDEN if key in hidden else primary(count) for key, count in cells.items()}


def margins_for(keys: Sequence[tuple[object, ...]]) -> list[list[tuple[object, ...]]]:
    """The margins of a one- or two-way table whose cells are keyed by value tuples."""
    if not keys:
        return []
    width = len(keys[0])
    if width == 1:
        return [list(keys)]
    margins: list[list[tuple[object, ...]]] = []
    for axis in range(width):
        slices: dict[tuple[object, ...], list[tuple[object, ...]]] = {}
        for key in keys:  # cells sharing every value but the one on `axis`
            slices.setdefault(key[:axis] + key[axis + 1 :], []).append(key)
        margins += slices.values()
    return margins


def shown(value: Published) -> bool:
    return value != HIDDEN
