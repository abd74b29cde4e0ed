"""Running the flag rules again over one sitting: one flag per family, never one lost (s1 v2)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.flag_codes import raise_flag
from screening.clinical.rules.flag_reconcile import FAMILIES, Note, Raise, Rewrite, StoredFlag, family, reconcile

ITEM9_ONE = raise_flag("phq9_item9_positive", "PHQ-9 item 9: thoughts of ..., several days")
ITEM9_THREE = raise_flag("phq9_item9_positive", "PHQ-9 item 9: thoughts of ..., nearly every day")
ITEM9_DECLINED = raise_flag("phq9_item9_unanswered", "PHQ-9 item 9: patient preferred not to answer")
PHQ9_ROUTINE = raise_flag("phq9_threshold", "PHQ-9 at least 14 (incomplete)")
PHQ9_HIGH = raise_flag("phq9_severe", "PHQ-9 total 22 (severe)")
BP_RAISED = raise_flag("bp_raised", "Blood pressure 150/95 mmHg")


def stored(flag, flag_id=1, *, closed=False, last_note=None) -> StoredFlag:
    return StoredFlag(flag_id, flag.code, flag.priority, flag.reason, closed, last_note)


def test_each_family_groups_the_codes_that_answer_one_clinical_question() -> None:
    assert family("phq9_item9_positive") == family("phq9_item9_unanswered") == "phq9_item9"
    assert family("phq9_severe") == family("phq9_threshold") != family("gad7_threshold")
    assert family("bp_severe") == family("bp_raised")
    assert family("smoking_current") == "smoking_current"  # not in a family: its own
    assert all(code in FAMILIES for code in ("bmi_obesity", "bmi_underweight", "gad7_severe"))


def test_a_flag_whose_family_has_none_yet_is_raised() -> None:
    assert reconcile([], [ITEM9_ONE]) == (Raise(ITEM9_ONE),)


def test_the_same_flag_again_writes_nothing_so_a_double_tap_changes_nothing() -> None:
    assert reconcile([stored(ITEM9_ONE)], [ITEM9_ONE]) == ()


def test_a_changed_answer_at_the_same_priority_rewrites_the_open_flag_with_what_it_said() -> None:
    (step,) = reconcile([stored(ITEM9_ONE, 7)], [ITEM9_THREE])
    assert step == Rewrite(7, ITEM9_THREE, f"Updated from the newer answers; it said: {ITEM9_ONE.reason}.")


def test_item9_declined_after_a_positive_answer_keeps_one_urgent_flag_with_the_newer_code() -> None:
    (step,) = reconcile([stored(ITEM9_ONE, 7)], [ITEM9_DECLINED])
    assert isinstance(step, Rewrite) and step.flag.code == "phq9_item9_unanswered"


def test_a_higher_priority_in_the_family_upgrades_the_flag_rather_than_adding_a_second() -> None:
    # An abandoned PHQ-9 at "at least 14" (ROUTINE), later finished at 22 (HIGH).
    (step,) = reconcile([stored(PHQ9_ROUTINE, 3)], [PHQ9_HIGH])
    assert isinstance(step, Rewrite) and (step.flag_id, step.flag.priority) == (3, "high")


def test_a_lower_priority_never_downgrades_the_flag_it_only_notes_it() -> None:
    (step,) = reconcile([stored(PHQ9_HIGH, 3)], [PHQ9_ROUTINE])
    assert step == Note(
        3, f"The answers now give a lower priority: {PHQ9_ROUTINE.reason}. It stays open until a reviewer closes it."
    )


def test_answers_that_no_longer_raise_a_flag_leave_it_open_with_a_note_saying_why() -> None:
    # Item 9 changed to 0 with Back (s1 v2): the flag stays; only a reviewer closes it.
    why = 'PHQ-9 item 9 was changed to "Not at all".'
    (step,) = reconcile([stored(ITEM9_ONE, 5)], [], why=why)
    assert step == Note(5, f"{why} It stays open until a reviewer closes it.")


def test_the_same_note_is_never_added_twice() -> None:
    note = "The answers no longer raise this flag. It stays open until a reviewer closes it."
    assert reconcile([stored(ITEM9_ONE, 5, last_note=note)], []) == ()


@pytest.mark.parametrize("newer", [ITEM9_THREE, None])
def test_a_flag_a_reviewer_closed_is_never_rewritten_only_noted(newer) -> None:
    (step,) = reconcile([stored(ITEM9_ONE, 9, closed=True)], [newer] if newer else [])
    assert isinstance(step, Note) and step.flag_id == 9
    assert step.note.startswith("Noted after this flag was closed.")
    assert (newer is None) or newer.reason in step.note


def test_limiting_the_plan_to_one_family_leaves_the_others_alone() -> None:
    plan = reconcile([stored(PHQ9_HIGH, 3)], [ITEM9_ONE], families=["phq9_item9"])
    assert plan == (Raise(ITEM9_ONE),)  # the PHQ-9 total flag, not raised now, is not noted
    assert reconcile([stored(PHQ9_HIGH, 3)], [], families=["phq9_item9"]) == ()


def test_the_most_pressing_family_comes_first() -> None:
    plan = reconcile([], [BP_RAISED, PHQ9_ROUTINE, ITEM9_ONE])
    assert [step.flag.priority for step in plan] == ["urgent", "routine", "signpost"]  # type: ignore[union-attr]
