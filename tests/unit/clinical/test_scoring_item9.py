"""PHQ-9 item 9, the risk item (clinical reference, sections 1, 4 and 6).

Item 9 >= 1 is URGENT whatever the total; unanswered or "prefer not to answer" is URGENT
too and is never scored as 0; proration never fills it in.
"""

from __future__ import annotations

import pytest

from screening.clinical.rules.scoring import score

TOPIC = "thoughts of being better off dead or of self-harm"


def phq9(first_eight: list[int | str | None], item9: int | str | None) -> dict[str, int | str | None]:
    values = [*first_eight, item9]
    return {f"phq9_{n}": value for n, value in enumerate(values, start=1)}


def codes(answers: dict[str, int | str | None]) -> list[tuple[str, str]]:
    return [(flag.code, flag.priority) for flag in score("phq9", answers).flags]


def test_item_9_alone_at_one_raises_an_urgent_flag() -> None:
    result = score("phq9", phq9([0] * 8, 1))
    # total 0 x 8 + 1 = 1: minimal, far below any threshold, and still URGENT
    assert (result.total, result.band) == (1, "minimal")
    assert [(f.code, f.kind, f.priority) for f in result.flags] == [("phq9_item9_positive", "psychological", "urgent")]
    assert result.flags[0].reason == f"PHQ-9 item 9: {TOPIC}, several days"


@pytest.mark.parametrize(
    ("item9", "label"), [(1, "several days"), (2, "more than half the days"), (3, "nearly every day")]
)
def test_any_item_9_answer_above_zero_is_urgent_and_the_reason_gives_the_answer(item9: int, label: str) -> None:
    flags = score("phq9", phq9([0] * 8, item9)).flags
    assert [(f.code, f.priority, f.reason) for f in flags] == [
        ("phq9_item9_positive", "urgent", f"PHQ-9 item 9: {TOPIC}, {label}")
    ]


def test_item_9_at_zero_raises_no_risk_flag() -> None:
    assert codes(phq9([1] * 8, 0)) == []  # 1 x 8 + 0 = 8: mild, no flag at all


def test_item_9_unanswered_is_urgent_and_never_scored_as_zero() -> None:
    result = score("phq9", phq9([1] * 8, None))
    # 8 answered items sum to 8, but item 9 is never prorated, so there is no total at all
    assert (result.raw_sum, result.total, result.band) == (8, None, None)
    assert not result.complete and not result.prorated and result.unanswered == ("phq9_9",)
    assert [(f.code, f.priority, f.reason) for f in result.flags] == [
        ("phq9_item9_unanswered", "urgent", f"PHQ-9 item 9 ({TOPIC}): not answered")
    ]


def test_item_9_left_out_of_the_answers_counts_as_unanswered() -> None:
    answers = phq9([0] * 8, None)
    del answers["phq9_9"]
    assert codes(answers) == [("phq9_item9_unanswered", "urgent")]


def test_item_9_declined_is_urgent_and_says_the_patient_preferred_not_to_answer() -> None:
    result = score("phq9", phq9([0] * 8, "declined"))
    assert result.total is None
    assert [(f.code, f.priority, f.reason) for f in result.flags] == [
        ("phq9_item9_unanswered", "urgent", f"PHQ-9 item 9 ({TOPIC}): patient preferred not to answer")
    ]


def test_item_9_unanswered_blocks_the_total_and_raises_its_own_urgent_flag_before_any_other() -> None:
    # 3 x 8 = 24 from the other items: no total without item 9 (never prorated), but the
    # answered items alone reach 20, so HIGH "at least 24 (incomplete)" as well (s4 v2)
    assert codes(phq9([3] * 8, None)) == [("phq9_item9_unanswered", "urgent"), ("phq9_severe", "high")]


def test_item_9_still_applies_when_the_phq9_is_incomplete() -> None:
    # three items unanswered: beyond proration, so incomplete; item 9 = 2 still URGENT
    result = score("phq9", phq9([None, "declined", None, 0, 0, 0, 0, 0], 2))
    assert result.total is None and result.band is None
    assert [(f.code, f.priority) for f in result.flags] == [("phq9_item9_positive", "urgent")]


def test_item_9_urgent_flag_is_separate_from_and_before_the_severity_flag() -> None:
    # 3 x 7 + 1 + 1 = 23: severe (HIGH), and item 9 = 1 (URGENT): two flags, urgent first
    assert codes(phq9([3, 3, 3, 3, 3, 3, 3, 1], 1)) == [
        ("phq9_item9_positive", "urgent"),
        ("phq9_severe", "high"),
    ]


def test_proration_never_fills_item_9_even_with_one_item_unanswered() -> None:
    result = score("phq9", phq9([2] * 8, "declined"))
    assert (result.total, result.prorated) == (None, False)
