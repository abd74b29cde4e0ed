"""Equity ratios and the four-fifths rule."""

from __future__ import annotations

import pytest

from screening.uptake.rules.equity import equity


def test_groups_under_four_fifths_of_the_best_served_are_marked() -> None:
    # Best served: B at 0.90. A 0.70 / 0.90 = 0.778 < 0.8 (marked); C 0.75 / 0.90 = 0.833 (not).
    # Overall 0.80: A 0.875, B 1.125, C 0.9375.
    rows = equity([("A", 0.70), ("B", 0.90), ("C", 0.75)], overall=0.80)
    assert [r.below_four_fifths for r in rows] == [True, False, False]
    assert [r.ratio_to_best for r in rows] == pytest.approx([0.7778, 1.0, 0.8333], abs=1e-4)
    assert [r.ratio_to_overall for r in rows] == pytest.approx([0.875, 1.125, 0.9375])


def test_exactly_four_fifths_is_not_below() -> None:
    assert not equity([("A", 0.8), ("B", 1.0)], overall=0.9)[0].below_four_fifths


def test_a_hidden_rate_is_neither_compared_nor_allowed_to_be_the_best() -> None:
    rows = equity([("A", None), ("B", 0.6), ("C", 0.5)], overall=0.55)
    assert rows[0].ratio_to_best is None and not rows[0].below_four_fifths
    assert rows[1].ratio_to_best == 1.0
    assert rows[2].ratio_to_best == pytest.approx(0.8333, abs=1e-4)


def test_no_published_rates_means_no_ratios() -> None:
    assert equity([("A", None)], overall=None)[0].ratio_to_overall is None
