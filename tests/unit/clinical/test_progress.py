"""The question count the patient sees: only always-asked questions are numbered (issue 16).

A follow-up (an item with enableWhen: the PHQ-9 and GAD-7 difficulty questions, clinical
reference s1 and s2) shows "A follow-up question" instead of a number, so the count never
jumps within an instrument. The gateway bundle (s3) grows once, when a positive PHQ-4 half
opens a full instrument: documented in `screening.clinical.rules.progress`.
"""

import pytest

from screening.clinical.rules.patient_sections import patient_steps
from screening.clinical.rules.progress import Progress, is_follow_up, progress

NOTHING = {}
ONE_PROBLEM = {"phq9": {"phq9_1": 1}}  # any PHQ-9 item above 0 opens item 10 (s1)
FULL_CLOSED = patient_steps("full", NOTHING)  # 9 PHQ-9 + 7 GAD-7 + 3 AUDIT-C = 19
FULL_OPEN = patient_steps("full", ONE_PROBLEM)  # the same 19 and phq9_10 after phq9_9


def test_the_difficulty_questions_are_follow_ups_and_the_scored_items_are_not() -> None:
    assert is_follow_up(("phq9", "phq9_10")) and is_follow_up(("gad7", "gad7_8"))
    assert not any(is_follow_up(("phq9", f"phq9_{n}")) for n in range(1, 10))
    assert not is_follow_up(("phq4", "phq4_1")) and not is_follow_up(("auditc", "auditc_3"))


@pytest.mark.parametrize(
    ("steps", "cursor", "expected"),
    [
        (FULL_CLOSED, 0, Progress(1, 19, 0)),  # the first question: 1 of 19, nothing done
        (FULL_CLOSED, 8, Progress(9, 19, 8)),  # item 9, nothing opened: 9 of 19
        (FULL_OPEN, 8, Progress(9, 19, 8)),  # item 9 with item 10 opened: still 9 of 19 (was 10 of 20)
        (FULL_OPEN, 9, Progress(None, 19, 9)),  # item 10: a follow-up, no number, the total unchanged
        (FULL_OPEN, 10, Progress(10, 19, 9)),  # GAD-7 item 1 after it: 10 of 19 (9 numbered before it)
        (FULL_CLOSED, 9, Progress(10, 19, 9)),  # GAD-7 item 1 with no follow-up: the same 10 of 19
        (FULL_OPEN, 19, Progress(19, 19, 18)),  # AUDIT-C item 3, the last question (20 steps): 19 of 19
        (FULL_OPEN, 20, Progress(19, 19, 19)),  # the Finish step (cursor past the last): 19 of 19, full bar
        (FULL_CLOSED, 19, Progress(19, 19, 19)),
        ((), 0, Progress(0, 0, 0)),  # no questions at all: the Finish step
    ],
)
def test_only_always_asked_questions_are_numbered_and_counted(steps, cursor, expected) -> None:
    assert progress(steps, cursor) == expected


def test_opening_a_follow_up_never_changes_the_number_or_total_of_any_other_question() -> None:
    open_numbers = [progress(FULL_OPEN, i) for i in range(len(FULL_OPEN)) if FULL_OPEN[i] != ("phq9", "phq9_10")]
    assert open_numbers == [progress(FULL_CLOSED, i) for i in range(len(FULL_CLOSED))]


def test_the_bar_is_empty_at_the_start_and_full_only_at_the_finish_step() -> None:
    assert progress(FULL_OPEN, 0).fraction == 0.0
    assert progress(FULL_OPEN, 19).fraction == 18 / 19
    assert progress(FULL_OPEN, 20).fraction == 1.0
    assert progress((), 0).fraction == 1.0  # nothing to ask: no division by zero


def test_the_gateway_total_grows_once_when_a_positive_phq4_half_opens_a_full_instrument() -> None:
    # PHQ-4 (4) + item 9 + AUDIT-C (3) = 8 before the PHQ-4 is finished; a GAD-2 half of
    # 3 + 0 = 3 opens GAD-7, less the two items the PHQ-4 carried: 5 numbered, its difficulty
    # item (opened by the carried 3) a follow-up: 13.
    before = patient_steps("gateway", {"phq4": {"phq4_1": 3, "phq4_2": 0, "phq4_3": 0}})
    after = patient_steps("gateway", {"phq4": {"phq4_1": 3, "phq4_2": 0, "phq4_3": 0, "phq4_4": 0}})
    assert progress(before, 3) == Progress(4, 8, 3)
    assert progress(after, 4) == Progress(5, 13, 4)  # item 9, the question after the PHQ-4
    assert progress(after, after.index(("gad7", "gad7_8"))) == Progress(None, 13, 10)
