"""Stored answers in words for the patient view, with PHQ-9 item 9 singled out (s1, s4, s6)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.answer_display import answer_words, instrument_answers
from screening.clinical.rules.score_words import measure_words, total_words


def phq9(item9: int | str | None, *others: int) -> dict[str, int | str]:
    values: dict[str, int | str] = {f"phq9_{n}": v for n, v in enumerate(others or (1,) * 8, start=1)}
    if item9 is not None:
        values["phq9_9"] = item9
    return values


@pytest.mark.parametrize(
    ("item9", "answer", "concern"),
    [
        (0, "Not at all", False),
        (1, "Several days", True),  # any answer above 0 raises the urgent flag
        (3, "Nearly every day", True),
        ("declined", "Prefer not to answer", True),  # never treated as 0
        (None, "Not answered", True),
    ],
)
def test_item_9_is_marked_exactly_when_it_raises_the_urgent_flag(item9: object, answer: str, concern: bool) -> None:
    item = instrument_answers("phq9", phq9(item9))[8]  # type: ignore[arg-type]
    assert (item.number, item.item_id, item.answer, item.concern) == (9, "phq9_9", answer, concern)
    assert item.question.startswith("Thoughts that you would be better off dead")


def test_only_item_9_is_ever_marked() -> None:
    rows = instrument_answers("phq9", phq9(2, 3, 3, 3, 3, 3, 3, 3, 3))
    assert [r.item_id for r in rows if r.concern] == ["phq9_9"]


def test_every_item_is_listed_and_a_difficulty_item_not_asked_says_so() -> None:
    # All nine answered 0: the difficulty item (asked only if any item > 0) was not asked.
    rows = instrument_answers("phq9", {f"phq9_{n}": 0 for n in range(1, 10)})
    assert len(rows) == 10
    assert rows[9].answer == "Not asked"


def test_a_missing_answer_to_an_item_that_was_asked_reads_not_answered() -> None:
    rows = instrument_answers("gad7", {"gad7_1": 2})
    assert [r.answer for r in rows[:2]] == ["More than half the days", "Not answered"]


def test_a_measured_value_reads_with_its_unit() -> None:
    assert answer_words("vital5", "weight_kg", 82.5) == "82.5 kg"
    assert answer_words("vital5", "smoking_status", "Z") == "Not stated"


def test_totals_read_with_band_and_prorated_or_as_incomplete() -> None:
    assert total_words("phq9", 21, "severe") == "PHQ-9 21 (severe)"
    assert total_words("gad7", 11, "moderate", prorated=True) == "GAD-7 11 (moderate, prorated)"
    assert total_words("phq9", None, None) == "PHQ-9 incomplete"
    assert total_words("phq4", 4, None) == "PHQ-4 4"


def test_vital_5_measures_read_as_stored() -> None:
    assert measure_words("bp", value=182, band="severe", detail="182/121") == "Blood pressure 182/121 mmHg (severe)"
    assert measure_words("bmi", value=31.24, band="obesity class 1", detail=None) == "BMI 31.2 (obesity class 1)"
    assert measure_words("smoking", value=None, band="Current smoker", detail="1") == "Smoking: Current smoker"
    with pytest.raises(ValueError):
        measure_words("pulse", value=1, band=None, detail=None)
