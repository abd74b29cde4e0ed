"""Proration of unanswered items (clinical reference, section 4, DECISION).

PHQ-9: at most 2 unanswered (never item 9); GAD-7: at most 1; PHQ-4 and AUDIT-C: none.
Prorated total = floor(mean of answered items x item count + 0.5). Beyond the limit the
result is incomplete: no total, no band, no threshold flag. None and "declined" are both
unanswered.
"""

from __future__ import annotations

import pytest

from screening.clinical.rules.clinical_config import ClinicalConfig
from screening.clinical.rules.proration import may_prorate, prorated_total
from screening.clinical.rules.scoring import score

Value = int | str | None


def answers(instrument_id: str, values: list[Value]) -> dict[str, Value]:
    return {f"{instrument_id}_{n}": value for n, value in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("raw_sum", "answered", "item_count", "expected"),
    [
        (7, 8, 9, 8),  # 7 / 8 x 9 = 7.875; + 0.5 = 8.375; floor 8
        (4, 8, 9, 5),  # 4 / 8 x 9 = 4.5; + 0.5 = 5.0; floor 5 (round-half-even would give 4)
        (12, 8, 9, 14),  # 12 / 8 x 9 = 13.5; + 0.5 = 14.0; floor 14
        (16, 7, 9, 21),  # 16 / 7 x 9 = 20.571; + 0.5 = 21.071; floor 21
        (11, 7, 9, 14),  # 11 / 7 x 9 = 14.143; + 0.5 = 14.643; floor 14
        (9, 6, 7, 11),  # 9 / 6 x 7 = 10.5; + 0.5 = 11.0; floor 11
        (3, 6, 7, 4),  # 3 / 6 x 7 = 3.5; + 0.5 = 4.0; floor 4
        (5, 6, 7, 6),  # 5 / 6 x 7 = 5.833; + 0.5 = 6.333; floor 6
        (21, 7, 9, 27),  # 21 / 7 x 9 = 27: every answered item at 3 prorates to the maximum
        (0, 7, 9, 0),  # 0 / 7 x 9 = 0
    ],
)
def test_prorated_total_is_floor_of_mean_times_item_count_plus_a_half(
    raw_sum: int, answered: int, item_count: int, expected: int
) -> None:
    assert prorated_total(raw_sum, answered, item_count) == expected


def test_phq9_with_one_item_unanswered_is_prorated_and_says_so() -> None:
    result = score("phq9", answers("phq9", [None, 1, 1, 1, 1, 1, 1, 1, 0]))
    # raw 7 over 8 answered: 7 / 8 x 9 = 7.875 + 0.5 -> 8, mild
    assert (result.raw_sum, result.total, result.band) == (7, 8, "mild")
    assert result.prorated and result.complete and result.unanswered == ("phq9_1",)


def test_phq9_with_two_items_unanswered_is_prorated_across_a_threshold() -> None:
    result = score("phq9", answers("phq9", [None, "declined", 3, 3, 3, 3, 2, 2, 0]))
    # raw 16 over 7 answered: 16 / 7 x 9 = 20.571 + 0.5 -> 21, severe
    assert (result.raw_sum, result.total, result.band, result.prorated) == (16, 21, "severe", True)
    assert [(f.code, f.priority, f.reason) for f in result.flags] == [
        ("phq9_severe", "high", "PHQ-9 total 21 (severe, prorated)")
    ]


def test_phq9_half_point_proration_rounds_up_not_to_even() -> None:
    result = score("phq9", answers("phq9", [None, 1, 1, 1, 1, 0, 0, 0, 0]))
    # raw 4 over 8: 4 / 8 x 9 = 4.5 + 0.5 = 5.0 -> 5, mild (Python's round(4.5) is 4, minimal)
    assert (result.total, result.band) == (5, "mild")


def test_phq9_with_three_items_unanswered_is_incomplete_with_no_total_or_band_and_flags_its_answered_sum() -> None:
    result = score("phq9", answers("phq9", [None, None, "declined", 3, 3, 3, 3, 3, 0]))
    # raw 15 would prorate to 15 / 6 x 9 = 22.5, severe, but 3 unanswered is beyond the limit;
    # the answered items alone (15) reach the referral threshold 10 (s4 v2), not the HIGH 20
    assert (result.raw_sum, result.total, result.band) == (15, None, None)
    assert not result.complete and not result.prorated
    assert [(f.code, f.reason) for f in result.flags] == [("phq9_threshold", "PHQ-9 at least 15 (incomplete)")]


def test_gad7_with_one_item_unanswered_is_prorated() -> None:
    result = score("gad7", answers("gad7", [2, 2, 2, 1, 1, 1, "declined"]))
    # raw 9 over 6 answered: 9 / 6 x 7 = 10.5 + 0.5 = 11, moderate, ROUTINE
    assert (result.raw_sum, result.total, result.band, result.prorated) == (9, 11, "moderate", True)
    assert [(f.code, f.reason) for f in result.flags] == [("gad7_threshold", "GAD-7 total 11 (moderate, prorated)")]


def test_gad7_with_two_items_unanswered_is_incomplete_and_flags_what_its_answered_items_reach() -> None:
    result = score("gad7", answers("gad7", [3, 3, 3, 3, 3, None, None]))
    # 2 unanswered is beyond the GAD-7 limit of 1: no total or band; but 3 x 5 = 15 answered
    # already reaches the HIGH threshold 15 (s4 v2)
    assert (result.total, result.band) == (None, None)
    assert [(f.code, f.reason) for f in result.flags] == [("gad7_severe", "GAD-7 at least 15 (incomplete)")]


@pytest.mark.parametrize(
    ("instrument_id", "values"),
    [("phq4", [1, 1, 1, None]), ("auditc", [4, 4, "declined"])],
)
def test_phq4_and_auditc_are_never_prorated(instrument_id: str, values: list[Value]) -> None:
    result = score(instrument_id, answers(instrument_id, values))
    assert (result.total, result.band, result.prorated, result.complete) == (None, None, False, False)


def test_auditc_incomplete_raises_no_alcohol_flag() -> None:
    # 4 + 4 = 8 answered, but without the third answer there is no total to flag
    assert score("auditc", answers("auditc", [4, 4, None])).flags == ()


def test_an_unanswered_difficulty_item_does_not_make_a_result_incomplete() -> None:
    result = score("phq9", {**answers("phq9", [1] * 8 + [0]), "phq9_10": None})
    assert (result.total, result.complete, result.prorated) == (8, True, False)


def test_a_clinic_may_switch_proration_off() -> None:
    strict = ClinicalConfig(phq9_max_prorated_items=0, gad7_max_prorated_items=0)
    result = score("phq9", answers("phq9", [None, 1, 1, 1, 1, 1, 1, 1, 0]), config=strict)
    assert (result.total, result.prorated) == (None, False)


@pytest.mark.parametrize(
    ("instrument_id", "unanswered", "expected"),
    [
        ("phq9", (), False),  # nothing to prorate
        ("phq9", ("phq9_1",), True),
        ("phq9", ("phq9_1", "phq9_8"), True),
        ("phq9", ("phq9_1", "phq9_2", "phq9_3"), False),
        ("phq9", ("phq9_9",), False),  # never item 9
        ("phq9", ("phq9_1", "phq9_9"), False),
        ("gad7", ("gad7_1",), True),
        ("gad7", ("gad7_1", "gad7_2"), False),
        ("phq4", ("phq4_1",), False),
        ("auditc", ("auditc_1",), False),
    ],
)
def test_may_prorate_follows_the_reference_limits(
    instrument_id: str, unanswered: tuple[str, ...], expected: bool
) -> None:
    assert may_prorate(instrument_id, unanswered, ClinicalConfig()) is expected
