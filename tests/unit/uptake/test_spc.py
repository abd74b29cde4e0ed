"""The p-chart and the Making Data Count rules on made-up series.

Every series has n = 100 per point and a centre of exactly 0.5 (the rates add up to
6.0 over 12 points), so sigma = sqrt(0.5 * 0.5 / 100) = 0.05: limits 0.35 and 0.65,
"near a limit" beyond 0.40 or 0.60.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from screening.uptake.rules.spc import COMMON, CONCERN, IMPROVEMENT, RUNNING, p_chart

START = date(2026, 1, 5)


def series(rates: list[float], n: int = 100) -> list[tuple[date, int, int]]:
    return [(START + timedelta(weeks=i), round(rate * n), n) for i, rate in enumerate(rates)]


def variations(rates: list[float]) -> list[str]:
    return [p.variation for p in p_chart(series(rates)).points]


def test_alternating_points_are_all_common_cause() -> None:
    chart = p_chart(series([0.48, 0.52] * 6))
    assert chart.centre == pytest.approx(0.5)
    assert chart.enough
    assert {p.variation for p in chart.points} == {COMMON}
    assert (chart.points[0].lower, chart.points[0].upper) == pytest.approx((0.35, 0.65))


def test_a_point_outside_the_limits_is_special_cause_in_its_direction() -> None:
    # 0.70 > 0.65 (improvement), 0.30 < 0.35 (concern); the others alternate around 0.5.
    rates = [0.48, 0.52, 0.48, 0.70, 0.48, 0.52, 0.48, 0.52, 0.30, 0.52, 0.48, 0.52]
    chart = p_chart(series(rates))
    assert chart.centre == pytest.approx(0.5)
    expected = [COMMON] * 12
    expected[3], expected[8] = IMPROVEMENT, CONCERN
    assert [p.variation for p in chart.points] == expected
    assert chart.points[3].rules == ("outside",)


def test_a_run_of_7_on_one_side_is_a_shift_and_a_run_of_6_is_not() -> None:
    # 7 at 0.45 then 7 at 0.55: centre 0.5, every point within 0.40-0.60.
    assert variations([0.45] * 7 + [0.55] * 7) == [CONCERN] * 7 + [IMPROVEMENT] * 7
    assert variations([0.45] * 6 + [0.55] * 6) == [COMMON] * 12


def test_seven_points_each_higher_than_the_last_are_a_trend_even_below_the_centre() -> None:
    # Steps 0.44 -> 0.56 rise 6 times (7 points); idx 0 sits on the centre (0.50); the
    # rates add up to 2.50 + 3.50 = 6.0. No side has a run of 7 and nothing passes 0.40/0.60.
    rates = [0.50, 0.48, 0.52, 0.48, 0.52, 0.44, 0.46, 0.48, 0.50, 0.52, 0.54, 0.56]
    chart = p_chart(series(rates))
    assert [p.variation for p in chart.points] == [COMMON] * 5 + [IMPROVEMENT] * 7
    assert {p.rules for p in chart.points[5:]} == {("trend",)}


def test_six_falling_points_are_not_a_trend() -> None:
    rates = [0.52, 0.48, 0.52, 0.48, 0.52, 0.48, 0.56, 0.54, 0.52, 0.50, 0.48, 0.46]
    assert CONCERN not in variations(rates)


def test_two_of_three_points_beyond_two_sigma_on_one_side_are_marked() -> None:
    # 0.64 (idx 4, 6) are beyond 0.60 but inside 0.65; 0.36 (idx 9, 11) beyond 0.40 but
    # inside 0.35; each pair sits within three consecutive points. Sum = 6.0.
    rates = [0.48, 0.52, 0.48, 0.52, 0.64, 0.52, 0.64, 0.52, 0.48, 0.36, 0.48, 0.36]
    chart = p_chart(series(rates))
    marked = {i: p.variation for i, p in enumerate(chart.points) if p.variation != COMMON}
    assert marked == {4: IMPROVEMENT, 6: IMPROVEMENT, 9: CONCERN, 11: CONCERN}
    assert chart.points[4].rules == ("two_of_three",)


def test_fewer_than_12_points_draw_no_limits_and_flag_nothing() -> None:
    chart = p_chart(series([0.5] * 10 + [0.95]))
    assert not chart.enough
    assert {p.variation for p in chart.points} == {COMMON}


def test_each_point_has_limits_from_its_own_denominator_clipped_to_0_and_1() -> None:
    # Centre 0.5. n = 16: sigma 0.125, limits 0.125-0.875. n = 400: sigma 0.025,
    # 0.425-0.575. n = 4: sigma 0.25, 0.5 +/- 0.75 clipped to 0-1.
    rows = [(START + timedelta(weeks=i), n // 2, n) for i, n in enumerate([16, 400, 4] * 4)]
    points = p_chart(rows).points
    assert (points[0].lower, points[0].upper) == pytest.approx((0.125, 0.875))
    assert (points[1].lower, points[1].upper) == pytest.approx((0.425, 0.575))
    assert (points[2].lower, points[2].upper) == (0.0, 1.0)


def test_periods_with_nobody_eligible_are_left_out() -> None:
    rows = [*series([0.48, 0.52] * 6), (START + timedelta(weeks=20), 0, 0)]
    assert len(p_chart(rows).points) == 12


def test_a_running_period_is_drawn_but_left_out_of_the_centre_and_every_rule() -> None:
    # Issue 19: 12 alternating weeks (centre 0.5) and a 13th still running at 0.10, far below
    # the lower limit (0.35) it would have: drawn, not judged, and the centre stays 0.5.
    weeks = series([0.48, 0.52] * 6 + [0.10])
    chart = p_chart(weeks, running=weeks[-1][0])
    assert chart.centre == pytest.approx(0.5)
    assert [p.variation for p in chart.points] == [COMMON] * 12 + [RUNNING]
    last = chart.points[-1]
    assert (last.rate, last.rules) == (pytest.approx(0.10), ())
    assert (last.lower, last.upper) == pytest.approx((0.35, 0.65))
    assert chart.running == last and len(chart.judged) == 12 and chart.enough
    judged = p_chart(weeks)  # the same week judged as if it had ended: a concern
    assert judged.points[-1].variation == CONCERN and judged.running is None
    assert judged.centre == pytest.approx(6.1 / 13)


def test_a_running_period_does_not_count_towards_the_twelve_points_limits_need() -> None:
    weeks = series([0.48, 0.52] * 5 + [0.5, 0.5])
    assert p_chart(weeks).enough
    assert not p_chart(weeks, running=weeks[-1][0]).enough


def test_a_running_period_with_no_one_eligible_yet_is_left_out_and_judges_nothing_else() -> None:
    weeks = [*series([0.48, 0.52] * 6), (START + timedelta(weeks=12), 0, 0)]
    chart = p_chart(weeks, running=weeks[-1][0])
    assert chart.running is None and len(chart.points) == 12
    assert {p.variation for p in chart.points} == {COMMON}
