"""Funnel plot limits (Wilson score around the target) and where each unit falls."""

from __future__ import annotations

import pytest

from screening.uptake.rules.funnel import HIGH_998, LOW_95, LOW_998, WITHIN, funnel, limits


def test_limits_at_n_100_around_80_percent_match_the_wilson_arithmetic() -> None:
    # 95%: z = 1.95996, z^2 = 3.84146. centre = (0.8 + 3.84146/200) / (1 + 3.84146/100)
    #   = 0.819207 / 1.038415 = 0.788901; half = 1.95996/1.038415 * sqrt(0.8*0.2/100 +
    #   3.84146/40000) = 1.887457 * 0.041183 = 0.077731 -> 0.7112 to 0.8666.
    # 99.8%: z = 3.09023, z^2 = 9.54954. centre = 0.847748 / 1.095495 = 0.773848; half =
    #   2.820857 * sqrt(0.0016 + 0.000238738) = 2.820857 * 0.042880 = 0.120958 -> 0.6529 to 0.8948.
    # (The normal approximation would give a symmetric 0.7216 to 0.8784 at 95%.)
    at = limits(0.8, 100)
    assert (at.low_95, at.high_95) == pytest.approx((0.7112, 0.8666), abs=5e-5)
    assert (at.low_998, at.high_998) == pytest.approx((0.6529, 0.8948), abs=5e-5)


def test_each_unit_is_placed_against_the_limits_at_its_own_size() -> None:
    # Target = (60 + 70 + 85 + 95 + 490) / (4 * 100 + 600) = 800 / 1000 = 0.8, so the n = 100
    # limits are the ones above: A 0.60 < 0.6529; B 0.70 in 0.6529-0.7112; C 0.85 inside;
    # D 0.95 > 0.8948. E (0.8167 at n = 600) is inside its narrower funnel (about 0.77-0.83).
    result = funnel([("A", 60, 100), ("B", 70, 100), ("C", 85, 100), ("D", 95, 100), ("E", 490, 600)])
    assert result.target == pytest.approx(0.8)
    assert [(p.label, p.position) for p in result.points] == [
        ("A", LOW_998),
        ("B", LOW_95),
        ("C", WITHIN),
        ("D", HIGH_998),
        ("E", WITHIN),
    ]


def test_the_curve_runs_from_half_the_smallest_to_past_the_largest_unit_and_narrows() -> None:
    result = funnel([("A", 50, 100), ("B", 450, 900)])
    assert result.curve[0].n == pytest.approx(50.0)
    assert result.curve[-1].n == pytest.approx(990.0)
    widths = [c.high_95 - c.low_95 for c in result.curve]
    assert widths == sorted(widths, reverse=True)


def test_units_with_nobody_eligible_are_left_out() -> None:
    assert [p.label for p in funnel([("A", 0, 0), ("B", 5, 10)]).points] == ["B"]
    assert funnel([]).points == ()
