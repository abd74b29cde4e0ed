"""Which questions the patient is asked (clinical reference s3, DECISION D1; gateway s3 v2)."""

import pytest

from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.patient_sections import first_unanswered, patient_sections, patient_steps

PHQ4_STEPS = tuple(("phq4", f"phq4_{n}") for n in range(1, 5))
ITEM9 = ("phq9", "phq9_9")
AUDITC_STEPS = tuple(("auditc", f"auditc_{n}") for n in range(1, 4))


def phq4(gad1, gad2, phq1, phq2):
    return {"phq4_1": gad1, "phq4_2": gad2, "phq4_3": phq1, "phq4_4": phq2}


def test_a_full_bundle_clinic_asks_phq9_then_gad7_then_alcohol():
    assert patient_sections("full", {}) == ("phq9", "gad7", "auditc")


def test_a_gateway_clinic_asks_the_phq4_item_9_and_alcohol_until_the_phq4_is_finished():
    assert patient_sections("gateway", {}) == ("phq4", "phq9", "auditc")
    assert patient_sections("gateway", {"phq4_1": 3, "phq4_2": 3, "phq4_3": 3}) == ("phq4", "phq9", "auditc")
    assert patient_steps("gateway", {"phq4": {"phq4_1": 3, "phq4_2": 3, "phq4_3": 3}}) == (
        *PHQ4_STEPS,
        ITEM9,
        *AUDITC_STEPS,
    )


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (phq4(1, 1, 1, 1), ("phq4", "phq9", "auditc")),  # both halves 2: below 3, only item 9
        (phq4(1, 2, 1, 1), ("phq4", "phq9", "gad7", "auditc")),  # GAD-2 half 1+2 = 3: opens GAD-7
        (phq4(1, 1, 2, 1), ("phq4", "phq9", "auditc")),  # PHQ-2 half 2+1 = 3: opens PHQ-9
        (phq4(3, 0, 0, 3), ("phq4", "phq9", "gad7", "auditc")),  # both 3: PHQ-9 first
        (phq4(3, DECLINED, DECLINED, 2), ("phq4", "phq9", "gad7", "auditc")),  # I2: answered item alone 3
    ],
)
def test_each_positive_phq4_half_opens_its_full_instrument(answers, expected):
    assert patient_sections("gateway", answers) == expected


@pytest.mark.parametrize(
    ("answers", "full_steps"),
    [
        # 1+1 and 1+1: below 3, nothing opens; item 9 is still asked
        (phq4(1, 1, 1, 1), ()),
        # PHQ-2 half 2+1 = 3: PHQ-9 items 3-8 and its difficulty item (a carried item is above 0);
        # items 1 and 2 are carried from phq4_3 and phq4_4, item 9 was asked after the PHQ-4
        (phq4(0, 0, 2, 1), (*(("phq9", f"phq9_{n}") for n in range(3, 9)), ("phq9", "phq9_10"))),
        # GAD-2 half 2+1 = 3: GAD-7 items 3-7 and its difficulty item; 1 and 2 carried
        (phq4(2, 1, 0, 0), (*(("gad7", f"gad7_{n}") for n in range(3, 8)), ("gad7", "gad7_8"))),
    ],
)
def test_the_gateway_asks_item_9_after_the_phq4_and_never_asks_a_question_twice(answers, full_steps):
    steps = patient_steps("gateway", {"phq4": answers})
    assert steps == (*PHQ4_STEPS, ITEM9, *full_steps, *AUDITC_STEPS)
    assert len(set(steps)) == len(steps)


def test_an_opened_phq9_asks_its_difficulty_item_only_when_a_carried_or_own_answer_is_above_0():
    calm_carried = {"phq4": phq4(0, 0, DECLINED, 3)}  # PHQ-2 half: 3 from the answered item alone
    assert ("phq9", "phq9_10") in patient_steps("gateway", calm_carried)  # phq9_2 carried as 3
    all_zero = {"phq4": phq4(3, 0, 0, 0)}  # GAD-2 opens GAD-7, PHQ-9 not opened
    assert ("gad7", "gad7_8") in patient_steps("gateway", all_zero)  # gad7_1 carried as 3
    assert ("phq9", "phq9_10") not in patient_steps("gateway", all_zero)


def test_an_unknown_bundle_is_a_programming_error():
    with pytest.raises(ValueError, match="bundle"):
        patient_sections("short", {})


def test_the_steps_are_every_enabled_item_in_order_and_the_difficulty_item_opens_with_a_problem():
    quiet = patient_steps("full", {})
    assert quiet[:2] == (("phq9", "phq9_1"), ("phq9", "phq9_2"))
    assert ("phq9", "phq9_10") not in quiet and ("gad7", "gad7_8") not in quiet
    assert len(quiet) == 9 + 7 + 3
    troubled = patient_steps("full", {"phq9": {"phq9_1": 1}})
    assert troubled[9] == ("phq9", "phq9_10")  # straight after item 9


def test_a_resumed_sitting_starts_at_the_first_unanswered_step_and_a_declined_answer_counts():
    answers = {"phq9": {"phq9_1": 0, "phq9_2": DECLINED}}
    steps = patient_steps("full", answers)
    assert first_unanswered(steps, answers) == 2
    everything = {i: {link: 0 for _, link in steps if _ == i} for i in ("phq9", "gad7", "auditc")}
    assert first_unanswered(steps, everything) is None


def test_a_resumed_gateway_sitting_starts_at_item_9_once_the_phq4_is_answered():
    answers = {"phq4": phq4(0, 0, 0, 0)}
    assert first_unanswered(patient_steps("gateway", answers), answers) == 4  # after the four PHQ-4 items
