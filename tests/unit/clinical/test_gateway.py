"""The PHQ-4 gateway's evaluation (clinical reference s3 v2, s4, s6): item 9 always judged,
PHQ-4 answers carried forward into the full instruments, a fully unanswered half flagged."""

from __future__ import annotations

import pytest

from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.gateway import CARRIED, evaluate_gateway, full_answers, opened, skipped

Value = int | str | None


def phq4(gad1: Value, gad2: Value, phq1: Value, phq2: Value) -> dict[str, Value]:
    return {"phq4_1": gad1, "phq4_2": gad2, "phq4_3": phq1, "phq4_4": phq2}


def codes(answers: dict) -> list[tuple[str, str]]:
    return [(f.code, f.priority) for f in evaluate_gateway(answers).flags]


def results(answers: dict) -> dict[str, tuple[int | None, str | None]]:
    return {r.instrument_id: (r.total, r.band) for r in evaluate_gateway(answers).questionnaires}


def test_the_carried_items_are_the_full_instruments_first_two_by_their_loinc_codes() -> None:
    from questionnaires import load_instrument

    for instrument_id, pairs in CARRIED.items():
        for item, source in pairs.items():
            full, short = load_instrument(instrument_id).item(item), load_instrument("phq4").item(source)
            assert (full.loinc, full.text) == (short.loinc, short.text)
    assert dict(CARRIED["gad7"]) == {"gad7_1": "phq4_1", "gad7_2": "phq4_2"}  # 69725-0, 68509-9
    assert dict(CARRIED["phq9"]) == {"phq9_1": "phq4_3", "phq9_2": "phq4_4"}  # 44250-9, 44255-8


def test_the_gateway_never_asks_a_carried_item_or_item_9_again() -> None:
    assert skipped("phq9") == {"phq9_1", "phq9_2", "phq9_9"}
    assert skipped("gad7") == {"gad7_1", "gad7_2"}


def test_a_phq9_not_opened_gives_no_phq9_score_and_item_9_is_judged_alone() -> None:
    # halves 1+1 and 1+0: nothing opens; item 9 = 2 is URGENT by the item 9 rule alone
    answers = {"phq4": phq4(1, 1, 1, 0), "phq9": {"phq9_9": 2}}
    assert results(answers) == {"phq4": (3, "mild")}  # 1+1+1+0 = 3; no PHQ-9 result at all
    assert codes(answers) == [("phq9_item9_positive", "urgent")]


@pytest.mark.parametrize(
    ("item9", "expected"),
    [
        (0, []),  # answered 0: no flag
        (DECLINED, [("phq9_item9_unanswered", "urgent")]),  # prefer not to answer
        (None, [("phq9_item9_unanswered", "urgent")]),  # stored as unanswered
    ],
)
def test_item_9_in_a_gateway_sitting_follows_the_item_9_rule(item9: Value, expected: list) -> None:
    assert codes({"phq4": phq4(0, 0, 0, 0), "phq9": {"phq9_9": item9}}) == expected


def test_item_9_with_no_answer_at_all_is_unanswered_because_the_gateway_always_asks_it() -> None:
    assert codes({"phq4": phq4(0, 0, 0, 0)}) == [("phq9_item9_unanswered", "urgent")]
    opened_phq9 = {"phq4": phq4(0, 0, 2, 1), "phq9": {f"phq9_{n}": 0 for n in range(3, 9)}}  # PHQ-2 2+1 = 3
    assert ("phq9_item9_unanswered", "urgent") in codes(opened_phq9)


def test_an_opened_phq9_is_scored_with_the_phq4_answers_carried_forward() -> None:
    # PHQ-2 half 2+2 = 4 opens PHQ-9; its items 1 and 2 are phq4_3 and phq4_4
    own = {"phq9_3": 2, "phq9_4": 2, "phq9_5": 1, "phq9_6": 1, "phq9_7": 1, "phq9_8": 0, "phq9_9": 0}
    answers = {"phq4": phq4(0, 0, 2, 2), "phq9": own}
    assert full_answers("phq9", answers) == {**own, "phq9_1": 2, "phq9_2": 2}
    # 2+2 carried + 2+2+1+1+1+0+0 = 11: moderate, ROUTINE; never an incomplete PHQ-9
    assert results(answers)["phq9"] == (11, "moderate")
    assert codes(answers) == [("phq9_threshold", "routine")]


def test_an_opened_gad7_is_scored_with_the_phq4_answers_carried_forward() -> None:
    # GAD-2 half 3+3 = 6 opens GAD-7: 3+3 carried + 3+3+3+0+0 = 15, severe, HIGH
    own = {"gad7_3": 3, "gad7_4": 3, "gad7_5": 3, "gad7_6": 0, "gad7_7": 0}
    answers = {"phq4": phq4(3, 3, 0, 0), "phq9": {"phq9_9": 0}, "gad7": own}
    assert results(answers) == {"phq4": (6, "moderate"), "gad7": (15, "severe")}
    assert codes(answers) == [("gad7_severe", "high")]


def test_a_carried_prefer_not_to_answer_counts_as_unanswered_in_the_full_instrument() -> None:
    # GAD-2 half: 3 + declined = 3 (I2) opens GAD-7; gad7_2 is carried as declined, so one
    # item unanswered: prorated over 6, (3+2+2+2+1+1 = 11) / 6 x 7 = 12.83 -> 13
    own = {"gad7_3": 2, "gad7_4": 2, "gad7_5": 2, "gad7_6": 1, "gad7_7": 1}
    result = next(r for r in evaluate_gateway({"phq4": phq4(3, DECLINED, 0, 0), "gad7": own}).questionnaires
                  if r.instrument_id == "gad7")  # fmt: skip
    assert (result.raw_sum, result.total, result.prorated, result.unanswered) == (11, 13, True, ("gad7_2",))


def test_a_positive_half_whose_full_instrument_was_left_unfinished_flags_it_and_what_was_answered() -> None:
    # PHQ-2 half 3+3 = 6 opens PHQ-9; abandoned after items 3 and 4: 3+3 carried + 3+3 = 12
    # answered with 5 items unanswered: incomplete, but at least 12 (s4 v2); PHQ-9 not completed
    answers = {"phq4": phq4(0, 0, 3, 3), "phq9": {"phq9_9": 0, "phq9_3": 3, "phq9_4": 3}}
    flags = {f.code: f.reason for f in evaluate_gateway(answers).flags}
    assert flags == {
        "phq9_threshold": "PHQ-9 at least 12 (incomplete)",
        "phq4_positive_unfollowed": "PHQ-4 PHQ-2 half 6 (positive at 3 or more), PHQ-9 not completed",
    }


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        (phq4(None, DECLINED, 0, 0), "PHQ-4 gateway not answered: GAD-2 (anxiety) half, both items declined or "
                                     "unanswered"),
        (phq4(0, 0, DECLINED, DECLINED), "PHQ-4 gateway not answered: PHQ-2 (depression) half, both items "
                                         "declined or unanswered"),
        ({}, "PHQ-4 gateway not answered: GAD-2 (anxiety) half and PHQ-2 (depression) half, both items declined "
             "or unanswered"),
    ],
)  # fmt: skip
def test_both_items_of_a_half_declined_or_unanswered_raise_a_routine_gateway_not_answered_flag(
    answers: dict, reason: str
) -> None:
    found = [f for f in evaluate_gateway({"phq4": answers, "phq9": {"phq9_9": 0}}).flags]
    assert [(f.code, f.kind, f.priority, f.reason) for f in found] == [
        ("phq4_half_unanswered", "psychological", "routine", reason)
    ]


def test_one_item_of_a_half_answered_is_not_an_unanswered_half() -> None:
    assert codes({"phq4": phq4(0, DECLINED, None, 1), "phq9": {"phq9_9": 0}}) == []


def test_nothing_opens_until_every_phq4_item_has_an_answer() -> None:
    assert opened({"phq4": {"phq4_1": 3, "phq4_2": 3, "phq4_3": 3}}) == ()
    assert opened({"phq4": phq4(3, 3, 3, DECLINED)}) == ("phq9", "gad7")  # PHQ-9 is asked first


def test_answers_given_to_a_full_instrument_are_scored_even_after_its_half_fell_below_3_with_back() -> None:
    # The patient answered PHQ-9 items, then went back and lowered the PHQ-2 half to 1+1 = 2:
    # what they answered is still scored, never ignored.
    answers = {"phq4": phq4(0, 0, 1, 1), "phq9": {"phq9_9": 0, **{f"phq9_{n}": 2 for n in range(3, 9)}}}
    assert results(answers)["phq9"] == (14, "moderate")  # 1+1 carried + 2 x 6 = 14
