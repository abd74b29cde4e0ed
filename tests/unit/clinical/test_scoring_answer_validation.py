"""Answers are checked before scoring: a bad answer is refused, never scored as something else."""

from __future__ import annotations

import pytest

from screening.clinical.rules.scoring import score
from screening.errors import InvalidValue, NotFound, ScreeningError

ALL_ZERO = {f"phq9_{n}": 0 for n in range(1, 10)}


def refusal(instrument_id: str, answers: object) -> InvalidValue:
    with pytest.raises(InvalidValue) as raised:
        score(instrument_id, answers)  # type: ignore[arg-type]
    return raised.value


def test_an_unknown_link_id_is_refused_naming_it_and_the_instrument_items() -> None:
    error = refusal("gad7", {"gad7_9": 1})
    assert error.field == "gad7_9"
    assert "is not an item of Generalized Anxiety Disorder 7-item scale (GAD-7)" in str(error)
    assert "gad7_1, gad7_2, gad7_3, gad7_4, gad7_5, gad7_6, gad7_7, gad7_8" in str(error)


def test_an_answer_from_another_instrument_is_refused() -> None:
    assert refusal("phq4", {"phq9_1": 1}).field == "phq9_1"


@pytest.mark.parametrize("value", [4, -1, 27])
def test_a_value_outside_the_item_answers_is_refused_listing_the_accepted_ones(value: int) -> None:
    error = refusal("phq9", {**ALL_ZERO, "phq9_3": value})
    assert error.field == "phq9_3"
    assert str(error) == (
        f"phq9_3: {value} is not an accepted answer; accepted: 0 (Not at all), 1 (Several days), "
        '2 (More than half the days), 3 (Nearly every day); None (unanswered) or "declined" '
        "(prefer not to answer)"
    )


@pytest.mark.parametrize("value", ["2", 2.0, True, False, [2], "Declined", "prefer not to answer", ""])
def test_a_value_of_the_wrong_type_is_refused_not_coerced(value: object) -> None:
    # True is not 1 and "2" is not 2: a form that sends either is broken and must be fixed
    assert refusal("phq9", {**ALL_ZERO, "phq9_1": value}).field == "phq9_1"


def test_an_auditc_answer_of_4_is_accepted_where_a_phq9_answer_of_4_is_not() -> None:
    assert score("auditc", {"auditc_1": 4, "auditc_2": 4, "auditc_3": 4}).total == 12  # 4 x 3


def test_the_difficulty_item_is_validated_though_never_scored() -> None:
    assert refusal("phq9", {**ALL_ZERO, "phq9_10": 4}).field == "phq9_10"
    assert score("phq9", {**ALL_ZERO, "phq9_10": "declined"}).total == 0


def test_answers_that_are_not_a_mapping_are_refused() -> None:
    error = refusal("phq9", [0] * 9)
    assert (error.field, str(error)) == (
        "answers",
        "answers: must map Patient Health Questionnaire (PHQ-9) linkIds to answers, not list",
    )


def test_an_unknown_instrument_is_not_found() -> None:
    with pytest.raises(NotFound):
        score("phq8", {})


def test_the_vital5_measures_have_no_score() -> None:
    error = refusal("vital5", {})
    assert "Vital 5 measures has no score; use screening.clinical.rules.vital5" in str(error)


def test_every_refusal_is_a_screening_error_the_edge_can_show() -> None:
    assert issubclass(InvalidValue, ScreeningError) and issubclass(NotFound, ScreeningError)


def test_validated_answers_are_kept_read_only_on_the_result() -> None:
    result = score("phq4", {"phq4_1": 1, "phq4_3": "declined"})
    assert dict(result.answers) == {"phq4_1": 1, "phq4_2": None, "phq4_3": "declined", "phq4_4": None}
    with pytest.raises(TypeError):
        result.answers["phq4_1"] = 3  # type: ignore[index]
