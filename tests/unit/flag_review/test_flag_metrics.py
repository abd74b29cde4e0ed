"""Manager measures of flag review on hand-built flags: the arithmetic is in the comments."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from screening.flag_review.rules.flag_metrics import (
    FlagTiming,
    Share,
    Spread,
    by_priority,
    open_and_overdue,
    outcomes_by_type,
    time_to_acknowledge,
    time_to_outcome,
    within_target,
)  # fmt: skip
from screening.flag_review.rules.percentiles import median, nearest_rank

T0 = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=30)


def flag(
    priority: str = "urgent",
    *,
    ack: float | None = None,
    closed: float | None = None,
    due: float = 4,
    outcome: str | None = None,
    referred_to: str | None = None,
    raised: float = 0,
) -> FlagTiming:
    """A flag raised `raised` hours after T0; the other times are hours after the raise."""
    start = T0 + timedelta(hours=raised)
    at = lambda hours: None if hours is None else start + timedelta(hours=hours)  # noqa: E731
    return FlagTiming(priority, start, start + timedelta(hours=due), at(ack), at(closed),
                      outcome if closed is not None else None, referred_to)  # fmt: skip


def test_median_is_the_middle_value_or_the_mean_of_the_middle_two() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([1.0, 2.0, 3.0, 10.0]) == 2.5  # (2 + 3) / 2
    assert median([]) is None


@pytest.mark.parametrize(
    ("values", "p90"),
    [
        (list(range(1, 11)), 9),  # ceil(0.9 x 10) = 9th smallest
        (list(range(1, 12)), 10),  # ceil(0.9 x 11) = ceil(9.9) = 10th
        ([5.0], 5.0),
        ([], None),
    ],
)
def test_the_90th_percentile_is_the_nearest_rank_value(values: list[float], p90: float | None) -> None:
    assert nearest_rank(values, 90) == p90


def test_a_percentile_outside_0_to_100_is_refused() -> None:
    with pytest.raises(ValueError):
        nearest_rank([1.0], 0)


def test_time_to_acknowledge_and_to_outcome_are_clock_hours_from_the_raise() -> None:
    flags = [flag(ack=0.5, closed=2, outcome="referred"), flag(ack=1.5, closed=6, outcome="referred"),
             flag(ack=3.0), flag()]  # fmt: skip
    # Acknowledged: 0.5, 1.5, 3.0 -> median 1.5, p90 = ceil(2.7) = 3rd = 3.0. Closed: 2, 6.
    assert time_to_acknowledge(flags) == Spread(3, 1.5, 3.0)
    assert time_to_outcome(flags) == Spread(2, 4.0, 6.0)  # median (2 + 6) / 2, p90 ceil(1.8) = 2nd


def test_within_target_counts_closed_flags_and_open_flags_past_due_but_not_open_flags_still_in_time() -> None:
    flags = [
        flag(ack=1, closed=3, due=4, outcome="referred"),  # met: closed 3 h, due 4 h
        flag(ack=1, closed=4, due=4, outcome="referred"),  # met: exactly at the due time
        flag(ack=1, closed=5, due=4, outcome="referred"),  # missed: closed late
        flag(ack=1, due=4),  # missed: still open, due long ago (NOW is 30 days on)
        flag(ack=1, due=24 * 31),  # not judged: open, due after NOW
    ]
    assert within_target(flags, NOW) == Share(met=2, judged=4)
    assert within_target(flags, NOW).ratio == 0.5
    assert Share(0, 0).ratio is None


def test_outcomes_are_counted_by_type_and_referrals_by_destination() -> None:
    flags = [flag(ack=1, closed=2, outcome="referred", referred_to="gp"),
             flag(ack=1, closed=2, outcome="referred", referred_to="gp"),
             flag(ack=1, closed=2, outcome="referred", referred_to="crisis_team"),
             flag(ack=1, closed=2, outcome="referred"),  # closed before destinations were kept
             flag(ack=1, closed=2, outcome="declined_by_patient"), flag(ack=1)]  # fmt: skip
    assert outcomes_by_type(flags) == {
        "declined_by_patient": 1, "referred": 4, "referred:crisis_team": 1, "referred:gp": 2,
    }  # fmt: skip


def test_open_and_overdue_count_unfinished_flags_against_now() -> None:
    flags = [flag(), flag(due=24 * 31), flag(ack=1, closed=2, outcome="referred")]
    assert open_and_overdue(flags, NOW) == (2, 1)


def test_flags_closed_by_the_historical_import_are_left_out_of_every_measure() -> None:
    imported = flag(closed=24 * 400, outcome="historical_import")
    assert time_to_outcome([imported]) == Spread(0, None, None)
    assert within_target([imported], NOW) == Share(0, 0)
    assert outcomes_by_type([imported]) == {}
    assert by_priority([imported], NOW) == ()


def test_each_priority_gets_its_own_measures_most_pressing_first() -> None:
    flags = [flag("routine", ack=10, closed=100, due=336, outcome="no_further_action"),
             flag("urgent", ack=1, closed=3, due=4, outcome="referred"),
             flag("urgent", ack=2, due=4)]  # fmt: skip
    urgent, routine = by_priority(flags, NOW)
    assert urgent.priority == "urgent" and routine.priority == "routine"
    assert urgent.to_acknowledge == Spread(2, 1.5, 2.0)  # 1 and 2 h
    assert urgent.within_target == Share(1, 2)  # one closed in time, one open and overdue
    assert (urgent.open, urgent.overdue) == (1, 1)
    assert routine.to_outcome == Spread(1, 100.0, 100.0)
    assert (routine.open, routine.overdue) == (0, 0)


@pytest.mark.parametrize("percent", [0.1, 1, 7, 10, 1 / 3 * 100, 50, 66.6667, 89.9, 90, 90.1, 99, 99.999, 100])
@pytest.mark.parametrize("count", [1, 2, 3, 7, 10, 11, 99, 100, 101])
def test_nearest_rank_is_the_ceil_p_n_th_smallest_at_every_boundary(count: int, percent: float) -> None:
    # The textbook definition, written out, against NumPy's inverted_cdf (which nearest_rank uses),
    # including p x n landing on a whole number and floating-point products such as 0.07 x 100.
    values = [float((7 * i) % count) + i / 1000 for i in range(count)]
    assert nearest_rank(values, percent) == sorted(values)[math.ceil(percent / 100 * count) - 1]


def test_nearest_rank_returns_one_of_the_values_as_a_plain_number() -> None:
    assert type(nearest_rank([3, 1, 2], 90)) is int
    assert type(nearest_rank([3.0, 1.0, 2.0], 50)) is float
