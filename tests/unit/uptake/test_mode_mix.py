"""How each group was screened, as shares of the group (issue 17): exact, and published under s7 suppression."""

from __future__ import annotations

import pytest

from screening.uptake.rules.mode_mix import mode_shares
from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.rules.uptake_table import UptakeRow

SELF, REMOTE, NOT = "Tablet (self)", "Remote (secure link)", "Not screened"


def row(*groups: str, eligible: int) -> UptakeRow:
    screened = 0 if groups[-1] == NOT else eligible
    return UptakeRow(groups, eligible, screened, screened, 0)


def test_exact_shares_of_each_group_add_up_to_one() -> None:
    rows = [row("Black", SELF, eligible=30), row("Black", REMOTE, eligible=20), row("Black", NOT, eligible=50),
            row("White", SELF, eligible=60), row("White", NOT, eligible=40)]  # fmt: skip
    shares = {s.groups: (s.patients, s.group_total, s.share) for s in mode_shares(rows, suppress=False)}
    assert shares == {
        ("Black", SELF): (30, 100, 0.3), ("Black", REMOTE): (20, 100, 0.2), ("Black", NOT): (50, 100, 0.5),
        ("White", SELF): (60, 100, 0.6), ("White", NOT): (40, 100, 0.4)}  # fmt: skip


def test_published_shares_come_from_rounded_counts_and_no_hidden_cell_is_alone_in_a_row_or_column() -> None:
    # Black's 3 remote is hidden (1-7); secondary suppression then hides partners until no row
    # (group) or column (mode) holds a lone hidden cell. Black's total 102 is published as 100
    # and its 68 not screened as 70: a share of 70%, from the published counts.
    rows = [row("Black", SELF, eligible=31), row("Black", REMOTE, eligible=3), row("Black", NOT, eligible=68),
            row("White", SELF, eligible=40), row("White", NOT, eligible=61),
            row("Asian", SELF, eligible=20), row("Asian", NOT, eligible=30)]  # fmt: skip
    published = mode_shares(rows, suppress=True)
    shares = {s.groups: (s.patients, s.group_total, s.share) for s in published}
    assert shares[("Black", REMOTE)] == (HIDDEN, 100, None)
    assert shares[("Black", NOT)] == (70, 100, pytest.approx(0.7))
    for axis in (0, 1):
        for value in {s.groups[axis] for s in published}:
            line = [s.patients for s in published if s.groups[axis] == value]
            assert line.count(HIDDEN) != 1 or len([n for n in line if n != 0]) == 1, (axis, value)


def test_everyone_at_once_is_shares_of_all_eligible() -> None:
    rows = [row(SELF, eligible=40), row(REMOTE, eligible=10), row(NOT, eligible=50)]
    assert [(s.groups, s.group_total, s.share) for s in mode_shares(rows, suppress=False)] == [
        ((SELF,), 100, 0.4), ((REMOTE,), 100, 0.1), ((NOT,), 100, 0.5)]  # fmt: skip


def test_no_rows_no_shares() -> None:
    assert mode_shares([], suppress=True) == []
