"""Which questionnaires the patient is asked (clinical reference s3, DECISION D1)."""

import pytest

from screening.answers import DECLINED
from screening.patient_sections import patient_sections


def phq4(gad1, gad2, phq1, phq2):
    return {"phq4_1": gad1, "phq4_2": gad2, "phq4_3": phq1, "phq4_4": phq2}


def test_a_full_bundle_clinic_asks_phq9_then_gad7_then_alcohol():
    assert patient_sections("full", {}) == ("phq9", "gad7", "auditc")


def test_a_gateway_clinic_asks_only_the_phq4_and_alcohol_until_the_phq4_is_finished():
    assert patient_sections("gateway", {}) == ("phq4", "auditc")
    assert patient_sections("gateway", {"phq4_1": 3, "phq4_2": 3, "phq4_3": 3}) == ("phq4", "auditc")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (phq4(1, 1, 1, 1), ("phq4", "auditc")),  # both halves 2: below 3, nothing opens
        (phq4(1, 2, 1, 1), ("phq4", "gad7", "auditc")),  # GAD-2 half 1+2 = 3: opens GAD-7
        (phq4(1, 1, 2, 1), ("phq4", "phq9", "auditc")),  # PHQ-2 half 2+1 = 3: opens PHQ-9
        (phq4(3, 0, 0, 3), ("phq4", "phq9", "gad7", "auditc")),  # both 3: PHQ-9 first
        (phq4(3, DECLINED, DECLINED, 2), ("phq4", "gad7", "auditc")),  # I2: answered item alone 3 opens
    ],
)
def test_each_positive_phq4_half_opens_its_full_instrument(answers, expected):
    assert patient_sections("gateway", answers) == expected


def test_an_unknown_bundle_is_a_programming_error():
    with pytest.raises(ValueError, match="bundle"):
        patient_sections("short", {})


def test_the_steps_are_every_enabled_item_in_order_and_the_difficulty_item_opens_with_a_problem():
    from screening.patient_sections import patient_steps

    quiet = patient_steps("full", {})
    assert quiet[:2] == (("phq9", "phq9_1"), ("phq9", "phq9_2"))
    assert ("phq9", "phq9_10") not in quiet and ("gad7", "gad7_8") not in quiet
    assert len(quiet) == 9 + 7 + 3
    troubled = patient_steps("full", {"phq9": {"phq9_1": 1}})
    assert troubled[9] == ("phq9", "phq9_10")  # straight after item 9


def test_a_resumed_sitting_starts_at_the_first_unanswered_step_and_a_declined_answer_counts():
    from screening.patient_sections import first_unanswered, patient_steps

    answers = {"phq9": {"phq9_1": 0, "phq9_2": DECLINED}}
    steps = patient_steps("full", answers)
    assert first_unanswered(steps, answers) == 2
    everything = {i: {link: 0 for _, link in steps if _ == i} for i in ("phq9", "gad7", "auditc")}
    assert first_unanswered(steps, everything) is None
