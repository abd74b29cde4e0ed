"""Reliable change: NHS Talking Therapies' reliable improvement and deterioration, PHQ-9 6
points and GAD-7 4 points from the last earlier total (clinical reference s6, v2)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.reliable_change import RELIABLE_CHANGE, Change, Total, changes


def test_the_thresholds_are_six_phq9_points_and_four_gad7_points_as_the_reference_says() -> None:
    assert dict(RELIABLE_CHANGE) == {"phq9": 6, "gad7": 4}  # s6 v2


@pytest.mark.parametrize(
    ("instrument_id", "before", "after", "reliable"),
    [
        ("phq9", 12, 18, True),  # +6: the threshold itself counts
        ("phq9", 12, 17, False),  # +5: one short
        ("phq9", 18, 12, True),  # -6: improvement counts too
        ("phq9", 18, 13, False),  # -5
        ("phq9", 3, 27, True),  # +24
        ("phq9", 10, 10, False),  # 0
        ("gad7", 8, 12, True),  # +4: the threshold itself counts
        ("gad7", 8, 11, False),  # +3: one short
        ("gad7", 12, 8, True),  # -4
        ("gad7", 12, 9, False),  # -3
    ],
)
def test_a_change_at_the_instruments_threshold_either_way_is_reliable(
    instrument_id: str, before: int, after: int, reliable: bool
) -> None:
    assert changes(instrument_id, [Total(before), Total(after)])[1].reliable is reliable  # type: ignore[union-attr]


def test_the_first_sitting_has_nothing_to_compare_with() -> None:
    assert changes("phq9", [Total(14)]) == (None,)
    assert changes("gad7", []) == ()


def test_an_incomplete_total_is_skipped_never_read_as_zero() -> None:
    # 12, incomplete, 18: the third compares with the first (+6), the second with nothing.
    found = changes("phq9", [Total(12), Total(None), Total(18)])
    assert found[1] is None
    assert found[2] == Change("phq9", previous=12, current=18, threshold=6, prorated=False)
    assert found[2].reliable  # type: ignore[union-attr]


def test_a_change_from_or_to_a_prorated_total_says_so() -> None:
    found = changes("phq9", [Total(9, prorated=True), Total(15)])
    assert found[1].prorated  # type: ignore[union-attr]
    assert found[1].describe() == (  # type: ignore[union-attr]
        "PHQ-9 reliable deterioration (6 or more points): 6 points worse (9 to 15, prorated)"
    )


@pytest.mark.parametrize(
    ("instrument_id", "before", "after", "words"),
    [
        ("phq9", 21, 12, "PHQ-9 reliable improvement (6 or more points): 9 points better (21 to 12)"),
        ("phq9", 12, 13, "PHQ-9 change: 1 point worse (12 to 13)"),
        ("phq9", 8, 8, "PHQ-9 change: no change (8 to 8)"),
        ("gad7", 6, 10, "GAD-7 reliable deterioration (4 or more points): 4 points worse (6 to 10)"),
        ("gad7", 10, 7, "GAD-7 change: 3 points better (10 to 7)"),
    ],
)
def test_a_change_is_labelled_reliable_improvement_or_deterioration_in_plain_words(
    instrument_id: str, before: int, after: int, words: str
) -> None:
    assert changes(instrument_id, [Total(before), Total(after)])[1].describe() == words  # type: ignore[union-attr]


def test_another_threshold_may_be_passed_but_not_zero() -> None:
    assert changes("phq9", [Total(12), Total(17)], threshold=5)[1].reliable  # type: ignore[union-attr]  # +5
    with pytest.raises(ValueError, match="at least 1"):
        changes("phq9", [Total(1)], threshold=0)
