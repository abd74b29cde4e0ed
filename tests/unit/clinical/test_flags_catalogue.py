"""The flag codes: stable identifiers, each with one kind, one priority and plain words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires import load_instrument
from screening.clinical.rules import vital5
from screening.clinical.rules.codes import ETHNIC_CATEGORIES, FLAG_KINDS, FLAG_PRIORITIES, SMOKING_STATUS_CODES
from screening.clinical.rules.flag_codes import (
    FLAG_DESCRIPTIONS,
    FLAG_RULES,
    Flag,
    by_priority,
    highest_priority,
    raise_flag,
)
from screening.clinical.rules.flags import physical_flags, psychological_flags
from screening.clinical.rules.gateway import evaluate_gateway
from screening.clinical.rules.scoring import score

# Clinical reference s6: who gets which flag. Independent copy: change only with the reference.
EXPECTED = {
    "phq9_item9_positive": ("psychological", "urgent"),
    "phq9_item9_unanswered": ("psychological", "urgent"),
    "phq9_severe": ("psychological", "high"),
    "gad7_severe": ("psychological", "high"),
    "phq9_threshold": ("psychological", "routine"),
    "gad7_threshold": ("psychological", "routine"),
    "phq4_positive_unfollowed": ("psychological", "routine"),
    "phq4_half_unanswered": ("psychological", "routine"),  # s3 v2: "gateway not answered"
    "bp_severe": ("physical", "urgent"),
    "bp_raised": ("physical", "signpost"),
    "bmi_obesity": ("physical", "signpost"),
    "bmi_underweight": ("physical", "signpost"),  # s5, s6 v2: nutritional screening (MUST) or dietitian
    "smoking_current": ("physical", "signpost"),
    "auditc_positive": ("physical", "signpost"),
}


def test_every_flag_code_has_the_kind_and_priority_of_the_reference() -> None:
    assert {code: (rule.kind, rule.priority) for code, rule in FLAG_RULES.items()} == EXPECTED


def test_kinds_and_priorities_are_the_stored_vocabularies() -> None:
    assert {rule.kind for rule in FLAG_RULES.values()} <= set(FLAG_KINDS)
    assert {rule.priority for rule in FLAG_RULES.values()} <= set(FLAG_PRIORITIES)
    assert FLAG_PRIORITIES == ("urgent", "high", "routine", "signpost")  # most pressing first


@pytest.mark.parametrize("code", list(EXPECTED))
def test_every_flag_code_has_a_plain_words_description_for_staff(code: str) -> None:
    description = FLAG_DESCRIPTIONS[code]
    assert description.endswith(".") and len(description) > 30
    assert code not in description  # words, not identifiers


def test_flag_codes_are_stable_lower_case_identifiers() -> None:
    assert all(re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", code) for code in FLAG_RULES)


def test_the_catalogue_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        FLAG_RULES["bp_raised"] = FLAG_RULES["bp_severe"]  # type: ignore[index]


def test_raising_a_flag_takes_its_kind_and_priority_from_the_catalogue() -> None:
    assert raise_flag("bp_severe", "Blood pressure 190/100 mmHg") == Flag(
        "bp_severe", "physical", "urgent", "Blood pressure 190/100 mmHg"
    )
    with pytest.raises(KeyError):
        raise_flag("phq9_moderate", "no such code")


def test_flags_sort_most_pressing_first_and_keep_their_order_within_a_priority() -> None:
    signpost_a, urgent, signpost_b, high = (
        raise_flag("bmi_obesity", "a"),
        raise_flag("bp_severe", "b"),
        raise_flag("smoking_current", "c"),
        raise_flag("phq9_severe", "d"),
    )
    assert by_priority([signpost_a, urgent, signpost_b, high]) == (urgent, high, signpost_a, signpost_b)
    assert highest_priority([signpost_a, high]) == "high"
    assert highest_priority([]) is None


# Every reason is built only from the rule's own clinical values, in one of these shapes;
# none has room for a name, NHS number, date of birth or free text.
REASONS = {
    "phq9_item9_positive": r"PHQ-9 item 9: thoughts of being better off dead or of self-harm, "
    r"(several days|more than half the days|nearly every day)",
    "phq9_item9_unanswered": r"PHQ-9 item 9 \(thoughts of being better off dead or of self-harm\): "
    r"(not answered|patient preferred not to answer)",
    "phq9_severe": r"PHQ-9 (total \d{1,2} \(severe(, prorated)?\)|at least \d{1,2} \(incomplete\))",
    "phq9_threshold": r"PHQ-9 (total \d{1,2} \((moderate|moderately severe)(, prorated)?\)|at least 1\d \(incomplete\))",
    "gad7_severe": r"GAD-7 (total \d{1,2} \(severe(, prorated)?\)|at least \d{1,2} \(incomplete\))",
    "gad7_threshold": r"GAD-7 (total \d{1,2} \(moderate(, prorated)?\)|at least 1[0-4] \(incomplete\))",
    "phq4_positive_unfollowed": r"PHQ-4 (GAD-2 half \d \(positive at 3 or more\), GAD-7 not completed(; )?)?"
    r"(PHQ-2 half \d \(positive at 3 or more\), PHQ-9 not completed)?",
    "bp_severe": r"Blood pressure \d{2,3}/\d{2,3} mmHg \(severe: systolic 180 or diastolic 120 or higher\)",
    "bp_raised": r"Blood pressure \d{2,3}/\d{2,3} mmHg \(raised: systolic 140 or diastolic 90 or higher\)",
    "phq4_half_unanswered": r"PHQ-4 gateway not answered: (GAD-2 \(anxiety\) half|PHQ-2 \(depression\) half|"
    r"GAD-2 \(anxiety\) half and PHQ-2 \(depression\) half), both items declined or unanswered",
    "bmi_obesity": r"BMI \d{2,4}\.\d \(obesity class [123]( on the NICE NG246 lower thresholds)?\)",
    "bmi_underweight": r"BMI 1\d\.\d \(underweight\)",
    "smoking_current": r"Smoking status: current smoker",
    "auditc_positive": r"AUDIT-C total \d{1,2} \(positive: full AUDIT advised\)",
}


def test_there_is_a_reason_shape_for_every_flag_code() -> None:
    assert set(REASONS) == set(FLAG_RULES)


def questionnaire_answers(instrument_id: str) -> st.SearchStrategy[dict[str, object]]:
    items = load_instrument(instrument_id).items
    return st.fixed_dictionaries(
        {i.link_id: st.one_of(st.sampled_from(i.option_values()), st.none(), st.just("declined")) for i in items}
    )


@st.composite
def readings(draw: st.DrawFn) -> list[tuple[int, int]]:
    count = draw(st.integers(1, 3))
    pairs = []
    for _ in range(count):
        diastolic = draw(st.integers(30, 200))
        pairs.append((draw(st.integers(max(60, diastolic + 1), 300)), diastolic))
    return pairs


@st.composite
def plausible_height_and_weight(draw: st.DrawFn) -> tuple[float, float]:
    # s5 v2: height 0.5-2.5 m, weight 2-400 kg, and the BMI they give 10-100.
    height = draw(st.floats(0.5, 2.5))
    return height, draw(st.floats(max(2.0, 10 * height**2), min(400.0, 100 * height**2)))


@given(
    sitting=st.fixed_dictionaries({i: questionnaire_answers(i) for i in ("phq9", "gad7", "phq4", "auditc")}),
    bp=readings(),
    measures=plausible_height_and_weight(),
    ethnic=st.sampled_from(list(ETHNIC_CATEGORIES)),
    smoker=st.sampled_from(list(SMOKING_STATUS_CODES)),
)
@settings(max_examples=300, deadline=None)
def test_every_flag_reason_is_plain_words_built_only_from_answers_and_scores(
    sitting: dict[str, dict[str, object]],
    bp: list[tuple[int, int]],
    measures: tuple[float, float],
    ethnic: str,
    smoker: str,
) -> None:
    results = {i: score(i, answers) for i, answers in sitting.items()}
    gateway = evaluate_gateway({i: sitting[i] for i in ("phq4", "phq9", "gad7")}).flags
    flags = (
        gateway
        + psychological_flags(r for i, r in results.items() if i != "auditc")
        + physical_flags(
            blood_pressure=vital5.blood_pressure(bp),
            bmi=vital5.bmi(*measures, ethnic),
            smoking=vital5.smoking(smoker),
            auditc=results["auditc"],
        )
    )
    for flag in flags:
        assert re.fullmatch(REASONS[flag.code], flag.reason), (flag.code, flag.reason)
