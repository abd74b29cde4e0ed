"""Reliable change: a PHQ-9 move of 5 or more points from the last earlier total (issue 7)."""

from __future__ import annotations

import pytest

from screening.reliable_change import PHQ9_RELIABLE_CHANGE, Change, Total, phq9_changes


def test_the_threshold_is_five_points_as_issue_7_asks() -> None:
    assert PHQ9_RELIABLE_CHANGE == 5


@pytest.mark.parametrize(
    ("before", "after", "reliable"),
    [
        (12, 17, True),  # +5: the threshold itself counts
        (12, 16, False),  # +4
        (17, 12, True),  # -5: improvement counts too
        (17, 13, False),  # -4
        (3, 27, True),
        (10, 10, False),
    ],
)
def test_a_change_of_five_or_more_points_either_way_is_reliable(before: int, after: int, reliable: bool) -> None:
    assert phq9_changes([Total(before), Total(after)])[1].reliable is reliable  # type: ignore[union-attr]


def test_the_first_sitting_has_nothing_to_compare_with() -> None:
    assert phq9_changes([Total(14)]) == (None,)
    assert phq9_changes([]) == ()


def test_an_incomplete_phq9_is_skipped_never_read_as_zero() -> None:
    # 12, incomplete, 18: the third compares with the first (+6), the second with nothing.
    changes = phq9_changes([Total(12), Total(None), Total(18)])
    assert changes[1] is None
    assert changes[2] == Change(previous=12, current=18, reliable=True, prorated=False)


def test_a_change_from_or_to_a_prorated_total_says_so() -> None:
    changes = phq9_changes([Total(9, prorated=True), Total(15)])
    assert changes[1].prorated  # type: ignore[union-attr]
    assert changes[1].describe() == "Reliable change: 6 points worse (9 to 15, prorated)"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (21, 12, "Reliable change: 9 points improved (21 to 12)"),
        (12, 13, "Change: 1 point worse (12 to 13)"),
        (8, 8, "Change: no change (8 to 8)"),
    ],
)
def test_a_change_reads_in_plain_words(before: int, after: int, words: str) -> None:
    assert phq9_changes([Total(before), Total(after)])[1].describe() == words  # type: ignore[union-attr]


def test_a_clinic_may_use_another_threshold_but_not_zero() -> None:
    # NHS Talking Therapies uses 6 on the PHQ-9: 12 -> 17 is then not reliable.
    assert not phq9_changes([Total(12), Total(17)], threshold=6)[1].reliable  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="at least 1"):
        phq9_changes([Total(1)], threshold=0)
