"""An incomplete PHQ-9 or GAD-7 still raises the threshold its answered items alone reach
(clinical reference s4, v2): missing answers can only add to a total."""

from __future__ import annotations

import pytest

from screening.clinical.rules.scoring import score

Value = int | str | None
THRESHOLD_FAMILY = {"phq9_severe", "phq9_threshold", "gad7_severe", "gad7_threshold"}


def threshold_flag(instrument_id: str, values: list[Value]) -> tuple[str, str] | None:
    result = score(instrument_id, {f"{instrument_id}_{n}": v for n, v in enumerate(values, start=1)})
    found = [(f.code, f.reason) for f in result.flags if f.code in THRESHOLD_FAMILY]
    assert len(found) <= 1  # one flag per rule family, at the highest priority
    return found[0] if found else None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # three unanswered: beyond proration (at most 2), so incomplete; item 9 = 0
        ([None, None, "declined", 3, 3, 3, 0, 0, 0], None),  # 3+3+3 = 9: below 10
        ([None, None, "declined", 3, 3, 3, 1, 0, 0], ("phq9_threshold", "PHQ-9 at least 10 (incomplete)")),  # 10
        # item 9 unanswered: never prorated, so incomplete (and URGENT on its own, not shown here)
        ([3, 3, 3, 3, 3, 3, 1, None, None], ("phq9_threshold", "PHQ-9 at least 19 (incomplete)")),  # 3x6+1 = 19
        ([3, 3, 3, 3, 3, 3, 2, None, None], ("phq9_severe", "PHQ-9 at least 20 (incomplete)")),  # 3x6+2 = 20
        ([3, 3, 3, 3, 3, 3, 3, 3, "declined"], ("phq9_severe", "PHQ-9 at least 24 (incomplete)")),  # 3x8 = 24
    ],
)
def test_an_incomplete_phq9_flags_the_threshold_its_answered_items_reach(values, expected) -> None:
    assert threshold_flag("phq9", values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # one unanswered (not item 9): prorated, so the prorated total decides, not the raw sum
        ([None, 3, 3, 2, 0, 0, 0, 0, 0], None),  # raw 8: 8 / 8 x 9 = 9.0 -> 9
        ([None, 3, 3, 3, 0, 0, 0, 0, 0], ("phq9_threshold", "PHQ-9 total 10 (moderate, prorated)")),  # raw 9: 10.125 -> 10
        ([None, 3, 3, 3, 3, 3, 2, 0, 0], ("phq9_threshold", "PHQ-9 total 19 (moderately severe, prorated)")),  # raw 17: 19.125 -> 19
        ([None, 3, 3, 3, 3, 3, 3, 0, 0], ("phq9_severe", "PHQ-9 total 20 (severe, prorated)")),  # raw 18: 20.25 -> 20
    ],
)  # fmt: skip
def test_a_prorated_phq9_is_flagged_on_its_prorated_total(values, expected) -> None:
    assert threshold_flag("phq9", values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # two unanswered: beyond proration (at most 1), so incomplete
        ([None, "declined", 3, 3, 3, 0, 0], None),  # 3+3+3 = 9
        ([None, "declined", 3, 3, 3, 1, 0], ("gad7_threshold", "GAD-7 at least 10 (incomplete)")),  # 10
        ([None, "declined", 3, 3, 3, 3, 2], ("gad7_threshold", "GAD-7 at least 14 (incomplete)")),  # 14
        ([None, "declined", 3, 3, 3, 3, 3], ("gad7_severe", "GAD-7 at least 15 (incomplete)")),  # 15
    ],
)
def test_an_incomplete_gad7_flags_the_threshold_its_answered_items_reach(values, expected) -> None:
    assert threshold_flag("gad7", values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # one unanswered: prorated over 6 answered, total = floor(raw / 6 x 7 + 0.5)
        ([None, 3, 3, 2, 0, 0, 0], None),  # raw 8: 9.33 -> 9
        ([None, 3, 3, 3, 0, 0, 0], ("gad7_threshold", "GAD-7 total 11 (moderate, prorated)")),  # raw 9: 10.5 -> 11
        ([None, 3, 3, 3, 3, 0, 0], ("gad7_threshold", "GAD-7 total 14 (moderate, prorated)")),  # raw 12: 14.0 -> 14
        ([None, 3, 3, 3, 3, 1, 0], ("gad7_severe", "GAD-7 total 15 (severe, prorated)")),  # raw 13: 15.17 -> 15
    ],
)
def test_a_prorated_gad7_is_flagged_on_its_prorated_total(values, expected) -> None:
    assert threshold_flag("gad7", values) == expected


def test_an_incomplete_result_still_has_no_total_and_no_band() -> None:
    result = score("phq9", {"phq9_1": 3, "phq9_2": 3, "phq9_3": 3, "phq9_4": 3, "phq9_9": 0})  # 12 answered
    assert (result.total, result.band, result.complete, result.raw_sum) == (None, None, False, 12)


def test_an_incomplete_auditc_raises_no_alcohol_flag_the_rule_is_for_phq9_and_gad7_only() -> None:
    result = score("auditc", {"auditc_1": 4, "auditc_2": 4})  # 8 answered, third missing
    assert result.flags == ()
