"""Publishing uptake rows: suppression applied, rates worked out from the published counts."""

from __future__ import annotations

import pytest

from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.rules.uptake_table import UptakeRow, publish, publish_counts, rate, totals


def test_rates_and_intervals_come_from_the_published_counts() -> None:
    # 48 screened of 97 eligible publish as 50 of 95: uptake 50 / 95 = 0.5263, not 48/97 = 0.4948.
    (row,) = publish([UptakeRow(("A",), 97, 60, 48, 6)], suppress=True)
    assert (row.eligible, row.offered, row.screened, row.declined) == (95, 60, 50, HIDDEN)
    assert row.uptake == pytest.approx(50 / 95)
    assert row.ci_low is not None and row.ci_low < row.uptake < row.ci_high


def test_a_hidden_numerator_hides_the_rate_and_its_interval() -> None:
    rows = publish([UptakeRow(("A",), 30, 10, 5, 2), UptakeRow(("B",), 40, 30, 20, 0)], suppress=True)
    # A's screened (5) is hidden; B's 20 becomes its partner (the smallest visible non-zero).
    assert [(r.screened, r.uptake) for r in rows] == [(HIDDEN, None), (HIDDEN, None)]


def test_unsuppressed_rows_are_exact() -> None:
    (row,) = publish([UptakeRow(("A",), 97, 60, 48, 6)], suppress=False)
    assert (row.eligible, row.screened, row.declined) == (97, 48, 6)
    assert row.uptake == pytest.approx(48 / 97)


def test_inconsistent_counts_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        UptakeRow(("A",), 5, 6, 1, 0)  # offered more than eligible


def test_each_count_column_is_suppressed_on_its_own() -> None:
    published = publish_counts([("A",), ("B",), ("C",)], {"x": [3, 40, 12], "y": [20, 30, 40]}, suppress=True)
    assert published == {"x": [HIDDEN, 40, HIDDEN], "y": [20, 30, 40]}


def test_rate_of_hidden_or_zero_is_none() -> None:
    assert rate(HIDDEN, 10) == (None, None, None)
    assert rate(0, 0) == (None, None, None)
    assert rate(0, 10)[0] == 0.0


def test_totals_add_up_the_rows() -> None:
    total = totals([UptakeRow(("A",), 10, 8, 6, 1), UptakeRow(("B",), 5, 5, 4, 1)])
    assert (total.eligible, total.offered, total.screened, total.declined) == (15, 13, 10, 2)
