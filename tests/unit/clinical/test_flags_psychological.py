"""Psychological flags of one sitting and the PHQ-4 gateway (clinical reference, s3 and s6)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.clinical_config import ClinicalConfig
from screening.clinical.rules.flags import gateway_opens, psychological_flags
from screening.clinical.rules.scoring import ScoreResult, score
from screening.errors import InvalidValue

Value = int | str | None


def phq9(values: list[Value]) -> ScoreResult:
    return score("phq9", {f"phq9_{n}": v for n, v in enumerate(values, start=1)})


def gad7(values: list[Value]) -> ScoreResult:
    return score("gad7", {f"gad7_{n}": v for n, v in enumerate(values, start=1)})


def phq4(gad2: tuple[Value, Value], phq2: tuple[Value, Value]) -> ScoreResult:
    # PHQ-4 order: GAD-2 items (phq4_1, phq4_2), then PHQ-2 items (phq4_3, phq4_4)
    values = [*gad2, *phq2]
    return score("phq4", {f"phq4_{n}": v for n, v in enumerate(values, start=1)})


def flags(*results: ScoreResult) -> list[tuple[str, str]]:
    return [(flag.code, flag.priority) for flag in psychological_flags(results)]


def test_a_phq9_of_22_gives_one_high_flag_not_high_and_routine() -> None:
    # 3 x 7 + 1 + 0 = 22: severe
    assert flags(phq9([3, 3, 3, 3, 3, 3, 3, 1, 0])) == [("phq9_severe", "high")]


def test_item_9_urgent_is_a_separate_flag_listed_first() -> None:
    # 3 x 6 + 1 + 1 + 1 = 21 with item 9 = 1
    assert flags(phq9([3, 3, 3, 3, 3, 3, 1, 1, 1])) == [
        ("phq9_item9_positive", "urgent"),
        ("phq9_severe", "high"),
    ]


def test_phq9_and_gad7_in_one_sitting_each_raise_their_own_flag_most_pressing_first() -> None:
    moderate_phq9 = phq9([2, 2, 2, 2, 2, 0, 0, 0, 0])  # 2 x 5 = 10: ROUTINE
    severe_gad7 = gad7([3, 3, 3, 2, 2, 2, 1])  # 3 x 3 + 2 x 3 + 1 = 16: HIGH
    assert flags(moderate_phq9, severe_gad7) == [("gad7_severe", "high"), ("phq9_threshold", "routine")]


def test_a_sitting_below_every_threshold_raises_no_flag() -> None:
    assert flags(phq9([1] * 8 + [0]), gad7([1] * 7)) == []  # 8 and 7: mild


def test_an_empty_sitting_raises_no_flag() -> None:
    assert psychological_flags([]) == ()


def test_an_auditc_result_is_not_a_psychological_matter() -> None:
    auditc = score("auditc", {"auditc_1": 4, "auditc_2": 4, "auditc_3": 4})  # 12: possible dependence
    assert flags(auditc) == []


def test_two_results_for_one_instrument_in_a_sitting_are_refused() -> None:
    with pytest.raises(InvalidValue, match="two PHQ-9 results in one sitting"):
        psychological_flags([phq9([0] * 9), phq9([0] * 9)])


@pytest.mark.parametrize(
    ("gad2", "phq2", "opens"),
    [
        ((1, 1), (1, 1), ()),  # 1+1 = 2 and 1+1 = 2: neither half positive
        ((2, 1), (1, 1), ("gad7",)),  # GAD-2 2+1 = 3: positive, opens the GAD-7
        ((0, 2), (2, 1), ("phq9",)),  # GAD-2 0+2 = 2; PHQ-2 2+1 = 3: opens the PHQ-9
        ((3, 0), (0, 3), ("gad7", "phq9")),  # 3+0 = 3 and 0+3 = 3: both
        ((3, 3), (0, 0), ("gad7",)),  # total 6 (moderate) but only the GAD-2 half is positive
        ((3, "declined"), (2, None), ("gad7",)),  # 3 answered already reaches 3; 2 alone does not
    ],
)
def test_a_positive_phq4_half_opens_its_full_instrument(
    gad2: tuple[Value, Value], phq2: tuple[Value, Value], opens: tuple[str, ...]
) -> None:
    assert gateway_opens(phq4(gad2, phq2)) == opens


def test_gateway_opens_needs_a_phq4_result() -> None:
    with pytest.raises(InvalidValue, match="PHQ-4 result expected, not phq9"):
        gateway_opens(phq9([0] * 9))


def test_a_positive_phq4_half_with_no_full_instrument_is_routine() -> None:
    result = phq4((0, 0), (2, 2))  # PHQ-2 2+2 = 4
    assert flags(result) == [("phq4_positive_unfollowed", "routine")]
    assert result.flags[0].reason == "PHQ-4 PHQ-2 half 4 (positive at 3 or more), PHQ-9 not completed"


def test_a_positive_phq4_half_followed_by_its_completed_full_instrument_raises_no_phq4_flag() -> None:
    # PHQ-2 2+2 = 4 opened the PHQ-9, which scored 1 x 4 = 4 (minimal): the full instrument decides
    assert flags(phq4((0, 0), (2, 2)), phq9([1, 1, 1, 1, 0, 0, 0, 0, 0])) == []


def test_a_prorated_full_instrument_counts_as_completed() -> None:
    prorated = phq9([None, 1, 1, 1, 1, 0, 0, 0, 0])  # 4 / 8 x 9 = 4.5 -> 5, prorated
    assert prorated.prorated
    assert flags(phq4((0, 0), (2, 2)), prorated) == []


def test_an_incomplete_full_instrument_leaves_the_phq4_flag_in_place() -> None:
    incomplete = phq9([None, None, None, 1, 1, 0, 0, 0, 0])  # 3 unanswered: no total
    assert flags(phq4((0, 0), (2, 2)), incomplete) == [("phq4_positive_unfollowed", "routine")]


def test_only_the_unfollowed_half_of_a_phq4_is_flagged() -> None:
    both = phq4((2, 2), (2, 2))  # GAD-2 4 and PHQ-2 4: both positive
    result = psychological_flags([both, phq9([0] * 9)])  # the PHQ-9 was completed, the GAD-7 was not
    assert [(f.code, f.reason) for f in result] == [
        ("phq4_positive_unfollowed", "PHQ-4 GAD-2 half 4 (positive at 3 or more), GAD-7 not completed")
    ]


def test_a_phq4_with_both_halves_unfollowed_raises_one_flag_naming_both() -> None:
    (flag,) = psychological_flags([phq4((3, 0), (0, 3))])
    assert flag.reason == (
        "PHQ-4 GAD-2 half 3 (positive at 3 or more), GAD-7 not completed; "
        "PHQ-2 half 3 (positive at 3 or more), PHQ-9 not completed"
    )


def test_the_gad7_threshold_is_the_screening_threshold_not_talking_therapies_caseness() -> None:
    caseness = gad7([2, 2, 2, 1, 1, 0, 0])  # 2 x 3 + 1 x 2 = 8: TT caseness, below screening 10
    assert flags(caseness) == []
    assert ClinicalConfig().gad7_talking_therapies_caseness == 8


def test_a_clinic_configuration_moves_the_thresholds_it_names() -> None:
    config = ClinicalConfig(phq9_referral_threshold=8, phq4_half_positive=4)
    eight = phq9([1] * 8 + [0])  # 1 x 8 = 8
    assert [f.code for f in psychological_flags([eight], config=config)] == ["phq9_threshold"]
    assert gateway_opens(phq4((2, 1), (0, 0)), config=config) == ()  # 3 is no longer positive
