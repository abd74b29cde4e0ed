"""The Wilson score interval against published worked examples (Newcombe 1998, Table I)."""

from __future__ import annotations

import pytest
from scipy.special import ndtri
from scipy.stats import binomtest

from screening.uptake.rules.wilson import Z95, Z998, wilson_around, wilson_interval


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # 81/263: p = 0.30798, z^2 = 3.8415; centre = (0.30798 + 3.8415/526) / (1 + 3.8415/263)
        # = 0.31528 / 1.014607 = 0.31074; half = 1.96/1.014607 * sqrt(0.30798*0.69202/263
        # + 3.8415/(4*263^2)) = 1.93175 * 0.028710 = 0.05546 -> 0.2553 to 0.3662
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),  # Wald would say 0 to 0: Wilson still allows up to 16%
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0000),
    ],
)
def test_wilson_interval_matches_newcombes_worked_examples(
    successes: int, trials: int, low: float, high: float
) -> None:
    interval = wilson_interval(successes, trials)
    assert interval is not None
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_no_trials_has_no_interval() -> None:
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize(("successes", "trials"), [(3, 2), (-1, 5), (0, -1)])
def test_impossible_counts_are_refused(successes: int, trials: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(successes, trials)


def test_the_interval_always_holds_the_observed_rate_and_stays_within_0_and_1() -> None:
    for trials in (1, 2, 7, 50, 1000):
        for successes in range(0, trials + 1, max(1, trials // 7)):
            interval = wilson_around(successes / trials, trials, Z95)
            assert 0.0 <= interval.low <= successes / trials <= interval.high <= 1.0


@pytest.mark.parametrize(("z", "confidence"), [(Z95, 0.95), (Z998, 0.998)])
def test_the_interval_agrees_with_scipys_wilson_interval_at_every_count(z: float, confidence: float) -> None:
    # SciPy is the check, not the implementation: binomtest costs about 1 ms a call (docs/hand-written.md).
    assert ndtri(0.5 + confidence / 2) == z
    # Every count up to n = 20; the ends and the middle for the bigger groups (each SciPy call is slow).
    for trials in [*range(1, 21), 29, 50, 148, 263, 1000, 100_000]:
        ends = {0, 1, 2, trials // 2, trials - 2, trials - 1, trials}
        for successes in sorted(range(trials + 1) if trials <= 20 else ends & set(range(trials + 1))):
            ours = wilson_interval(successes, trials, z)
            scipys = binomtest(successes, trials).proportion_ci(confidence, method="wilson")
            assert ours is not None
            assert ours.low == pytest.approx(scipys.low, abs=1e-12), (successes, trials)
            assert ours.high == pytest.approx(scipys.high, abs=1e-12), (successes, trials)
            if successes == 0:
                assert ours.low == scipys.low == 0.0
            if successes == trials:
                assert ours.high == scipys.high == 1.0
