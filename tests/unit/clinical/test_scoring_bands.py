"""Every band boundary of every questionnaire, and the threshold flags at each one.

Clinical reference: PHQ-9 s1, GAD-7 s2, PHQ-4 s3, AUDIT-C s5, flags s6. Each case lists
the answers in item order and the arithmetic that gives the total. Item 9 stays 0 except
where the total needs it, so the item 9 rule does not interfere.
"""

from __future__ import annotations

import pytest

from screening.clinical.rules.scoring import score


def answers(instrument_id: str, values: list[int]) -> dict[str, int]:
    return {f"{instrument_id}_{n}": value for n, value in enumerate(values, start=1)}


BOUNDARIES = [
    # PHQ-9: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe
    ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal"),  # 0 x 9 = 0, bottom of minimal
    ("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),  # 1+1+1+1 = 4
    ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),  # 1+1+1+1+1 = 5
    ("phq9", [2, 2, 2, 2, 1, 0, 0, 0, 0], 9, "mild"),  # 2+2+2+2+1 = 9
    ("phq9", [2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "moderate"),  # 2 x 5 = 10
    ("phq9", [2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate"),  # 2 x 7 = 14
    ("phq9", [3, 2, 2, 2, 2, 2, 2, 0, 0], 15, "moderately severe"),  # 3 + 2 x 6 = 15
    ("phq9", [3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately severe"),  # 3 x 5 + 2 x 2 = 19
    ("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe"),  # 3 x 6 + 2 = 20
    ("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe"),  # 3 x 9 = 27, top of the range
    # GAD-7: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe
    ("gad7", [0, 0, 0, 0, 0, 0, 0], 0, "minimal"),  # 0 x 7 = 0
    ("gad7", [1, 1, 1, 1, 0, 0, 0], 4, "minimal"),  # 1 x 4 = 4
    ("gad7", [1, 1, 1, 1, 1, 0, 0], 5, "mild"),  # 1 x 5 = 5
    ("gad7", [2, 2, 2, 2, 1, 0, 0], 9, "mild"),  # 2 x 4 + 1 = 9
    ("gad7", [2, 2, 2, 2, 2, 0, 0], 10, "moderate"),  # 2 x 5 = 10
    ("gad7", [2, 2, 2, 2, 2, 2, 2], 14, "moderate"),  # 2 x 7 = 14
    ("gad7", [3, 2, 2, 2, 2, 2, 2], 15, "severe"),  # 3 + 2 x 6 = 15
    ("gad7", [3, 3, 3, 3, 3, 3, 3], 21, "severe"),  # 3 x 7 = 21
    # PHQ-4: 0-2 none, 3-5 mild, 6-8 moderate, 9-12 severe
    ("phq4", [0, 0, 0, 0], 0, "normal"),  # 0 x 4 = 0
    ("phq4", [1, 1, 0, 0], 2, "normal"),  # 1+1 = 2
    ("phq4", [1, 1, 1, 0], 3, "mild"),  # 1+1+1 = 3
    ("phq4", [2, 2, 1, 0], 5, "mild"),  # 2+2+1 = 5
    ("phq4", [2, 2, 1, 1], 6, "moderate"),  # 2+2+1+1 = 6
    ("phq4", [2, 2, 2, 2], 8, "moderate"),  # 2 x 4 = 8
    ("phq4", [3, 2, 2, 2], 9, "severe"),  # 3 + 2 x 3 = 9
    ("phq4", [3, 3, 3, 3], 12, "severe"),  # 3 x 4 = 12
    # AUDIT-C (UK, s5 v2): 0-4 lower risk, 5-12 positive: full AUDIT advised
    ("auditc", [0, 0, 0], 0, "lower risk"),  # 0 x 3 = 0
    ("auditc", [2, 1, 1], 4, "lower risk"),  # 2+1+1 = 4
    ("auditc", [2, 2, 1], 5, "positive: full AUDIT advised"),  # 2+2+1 = 5
    ("auditc", [3, 2, 2], 7, "positive: full AUDIT advised"),  # 3+2+2 = 7
    ("auditc", [3, 3, 2], 8, "positive: full AUDIT advised"),  # 3+3+2 = 8
    ("auditc", [4, 4, 3], 11, "positive: full AUDIT advised"),  # 4+4+3 = 11
    ("auditc", [4, 4, 4], 12, "positive: full AUDIT advised"),  # 4 x 3 = 12
]


@pytest.mark.parametrize(
    ("instrument_id", "values", "total", "band"),
    [pytest.param(*case, id=f"{case[0]} {case[2]} {case[3]}") for case in BOUNDARIES],
)
def test_each_band_boundary_gives_the_reference_band(
    instrument_id: str, values: list[int], total: int, band: str
) -> None:
    result = score(instrument_id, answers(instrument_id, values))
    assert (result.raw_sum, result.total, result.band) == (total, total, band)
    assert result.complete and not result.prorated and result.unanswered == ()


THRESHOLD_FLAGS = [
    # PHQ-9: ROUTINE from 10, HIGH from 20 (s1, s6)
    ("phq9", [2, 2, 2, 2, 1, 0, 0, 0, 0], []),  # 9: below the referral threshold
    ("phq9", [2, 2, 2, 2, 2, 0, 0, 0, 0], [("phq9_threshold", "routine")]),  # 10: at it
    ("phq9", [3, 3, 3, 3, 3, 2, 2, 0, 0], [("phq9_threshold", "routine")]),  # 19
    ("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0], [("phq9_severe", "high")]),  # 20: HIGH only, not also ROUTINE
    # GAD-7: ROUTINE from 10 (screening threshold, not caseness 8), HIGH from 15 (s2, s6)
    ("gad7", [2, 2, 2, 1, 1, 0, 0], []),  # 2x3 + 1x2 = 8: caseness, but no screening flag
    ("gad7", [2, 2, 2, 2, 1, 0, 0], []),  # 9
    ("gad7", [2, 2, 2, 2, 2, 0, 0], [("gad7_threshold", "routine")]),  # 10
    ("gad7", [2, 2, 2, 2, 2, 2, 2], [("gad7_threshold", "routine")]),  # 14
    ("gad7", [3, 2, 2, 2, 2, 2, 2], [("gad7_severe", "high")]),  # 15
    # AUDIT-C: signpost from 5 (s5, s6)
    ("auditc", [2, 1, 1], []),  # 4
    ("auditc", [2, 2, 1], [("auditc_positive", "signpost")]),  # 5
]


@pytest.mark.parametrize(
    ("instrument_id", "values", "expected"),
    [pytest.param(*case, id=f"{case[0]} {sum(case[1])}") for case in THRESHOLD_FLAGS],
)
def test_threshold_flags_start_exactly_at_the_reference_thresholds(
    instrument_id: str, values: list[int], expected: list[tuple[str, str]]
) -> None:
    result = score(instrument_id, answers(instrument_id, values))
    assert [(flag.code, flag.priority) for flag in result.flags] == expected


def test_a_phq9_threshold_flag_reason_gives_the_total_and_band() -> None:
    result = score("phq9", answers("phq9", [3, 3, 3, 3, 3, 3, 3, 1, 0]))  # 3 x 7 + 1 = 22
    assert [flag.reason for flag in result.flags] == ["PHQ-9 total 22 (severe)"]


def test_the_difficulty_item_is_never_added_to_the_total() -> None:
    # 1 + 1 = 2 from the scored items; the difficulty answer (3) is not scored.
    phq9 = score("phq9", {**answers("phq9", [1, 1, 0, 0, 0, 0, 0, 0, 0]), "phq9_10": 3})
    gad7 = score("gad7", {**answers("gad7", [1, 1, 0, 0, 0, 0, 0]), "gad7_8": 3})
    assert (phq9.total, gad7.total) == (2, 2)
    assert phq9.answers["phq9_10"] == 3


def test_the_result_records_the_instrument_and_its_version() -> None:
    result = score("gad7", answers("gad7", [0] * 7))
    assert (result.instrument_id, result.instrument_version) == ("gad7", "1.1.0")
