"""A sitting that ends before item 9 raises "risk item unanswered" (clinical reference s1 v2)."""

from __future__ import annotations

from screening.clinical.rules.flag_codes import raise_flag
from screening.clinical.rules.risk_item import UNREACHED, item9_reached, unfinished_flags

ROUTINE = raise_flag("phq9_threshold", "PHQ-9 at least 14 (incomplete)")


def test_item9_is_reached_by_any_stored_answer_to_it_and_only_to_it() -> None:
    assert item9_reached([("phq9", "phq9_1"), ("phq9", "phq9_9")])
    assert not item9_reached([("phq9", "phq9_1"), ("gad7", "gad7_9"), ("phq4", "phq4_4")])
    assert not item9_reached([])


def test_an_unreached_item9_adds_the_urgent_unanswered_flag_before_the_rest() -> None:
    flags = unfinished_flags([ROUTINE], item9_reached=False)
    assert [(f.code, f.priority) for f in flags] == [("phq9_item9_unanswered", "urgent"), ("phq9_threshold", "routine")]
    assert flags[0].reason == UNREACHED and "not reached" in UNREACHED


def test_a_reached_item9_adds_nothing_its_answer_was_judged_when_stored() -> None:
    assert unfinished_flags([ROUTINE], item9_reached=True) == (ROUTINE,)


def test_an_unreached_item9_says_so_in_place_of_the_plainer_not_answered_and_is_never_doubled() -> None:
    plain = raise_flag("phq9_item9_unanswered", "PHQ-9 item 9 (...): not answered")
    flags = unfinished_flags([plain, ROUTINE], item9_reached=False)
    assert [(f.code, f.reason) for f in flags] == [
        ("phq9_item9_unanswered", UNREACHED),
        ("phq9_threshold", ROUTINE.reason),
    ]
