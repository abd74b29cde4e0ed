"""Properties that hold over all answer combinations (hypothesis, and exhaustively where small).

The oracles here are written independently of the code under test: the prorated total
uses exact fractions, and bands are checked against the raw band table.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires import load_instrument
from screening.clinical.rules.answers import DECLINED, is_answered
from screening.clinical.rules.clinical_config import DEFAULT_CONFIG
from screening.clinical.rules.flag_codes import Flag, highest_priority, priority_rank
from screening.clinical.rules.flags import physical_flags, psychological_flags
from screening.clinical.rules.scoring import score

QUESTIONNAIRES = ("phq9", "gad7", "phq4", "auditc")
Answers = dict[str, int | str | None]
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


def answer_maps(instrument_id: str, *, complete: bool = False) -> st.SearchStrategy[Answers]:
    """Any answers to the instrument: each item an option value, or unanswered / declined."""
    items = load_instrument(instrument_id).items
    choices = {}
    for item in items:
        values: st.SearchStrategy[int | str | None] = st.sampled_from(item.option_values())
        if not complete or not item.scored:
            values = st.one_of(values, st.none(), st.just(DECLINED))
        choices[item.link_id] = values
    return st.fixed_dictionaries(choices)


def sitting_answers() -> st.SearchStrategy[dict[str, Answers]]:
    return st.fixed_dictionaries({i: answer_maps(i) for i in ("phq9", "gad7", "phq4")})


def scored_values(instrument_id: str, answers: Answers) -> list[int | str | None]:
    return [answers[item.link_id] for item in load_instrument(instrument_id).scored_items]


@pytest.mark.parametrize("instrument_id", QUESTIONNAIRES)
def test_bands_cover_every_possible_total_exactly_once(instrument_id: str) -> None:
    score_range = load_instrument(instrument_id).score
    assert score_range is not None
    for total in range(score_range.min, score_range.max + 1):
        holding = [band for band in score_range.bands if band.min <= total <= band.max]
        assert len(holding) == 1, (instrument_id, total)


@pytest.mark.parametrize("instrument_id", QUESTIONNAIRES)
@given(data=st.data())
@PROPERTY_SETTINGS
def test_a_complete_result_totals_exactly_the_sum_of_the_scored_answers(
    instrument_id: str, data: st.DataObject
) -> None:
    answers = data.draw(answer_maps(instrument_id, complete=True))
    result = score(instrument_id, answers)
    expected = sum(scored_values(instrument_id, answers))  # type: ignore[arg-type]
    assert (result.raw_sum, result.total, result.complete, result.prorated) == (expected, expected, True, False)
    band = load_instrument(instrument_id).score.band_for(expected)  # type: ignore[union-attr]
    assert result.band == band.label


@pytest.mark.parametrize("instrument_id", QUESTIONNAIRES)
@given(data=st.data())
@PROPERTY_SETTINGS
def test_any_result_has_a_total_only_as_the_proration_rule_allows(instrument_id: str, data: st.DataObject) -> None:
    answers = data.draw(answer_maps(instrument_id))
    result = score(instrument_id, answers)
    values = scored_values(instrument_id, answers)
    given_values = [v for v in values if is_answered(v)]
    missing = len(values) - len(given_values)
    limit = {"phq9": 2, "gad7": 1}.get(instrument_id, 0)  # clinical reference s4
    item9_missing = instrument_id == "phq9" and not is_answered(answers["phq9_9"])
    assert result.raw_sum == sum(given_values)  # type: ignore[arg-type]
    if missing == 0:
        assert result.total == result.raw_sum and not result.prorated
    elif missing <= limit and not item9_missing:
        mean = Fraction(sum(given_values), len(given_values))  # type: ignore[arg-type]
        assert result.total == math.floor(mean * len(values) + Fraction(1, 2))
        assert result.prorated and result.complete
    else:
        assert (result.total, result.band, result.complete, result.prorated) == (None, None, False, False)
    assert (result.band is None) == (result.total is None)


def higher(answers: Answers, link_id: str, instrument_id: str) -> Answers | None:
    """The same answers with `link_id` one step higher, or None when it cannot rise."""
    value = answers[link_id]
    values = load_instrument(instrument_id).item(link_id).option_values()
    if not is_answered(value) or value == max(values):
        return None
    return {**answers, link_id: value + 1}  # type: ignore[operator]


def at_or_above(flags: tuple[Flag, ...]) -> list[int]:
    """For each priority level, how many flags are at least that pressing."""
    return [sum(priority_rank(f.priority) <= rank for f in flags) for rank in range(4)]


@pytest.mark.parametrize("instrument_id", QUESTIONNAIRES)
@given(data=st.data())
@PROPERTY_SETTINGS
def test_raising_any_single_answer_never_lowers_the_flag_priority(instrument_id: str, data: st.DataObject) -> None:
    answers = data.draw(answer_maps(instrument_id))
    link_id = data.draw(st.sampled_from(load_instrument(instrument_id).link_ids))
    raised = higher(answers, link_id, instrument_id)
    if raised is None:
        return
    before, after = score(instrument_id, answers).flags, score(instrument_id, raised).flags
    most_pressing = [priority_rank(highest_priority(flags) or "signpost") for flags in (before, after)]
    assert most_pressing[1] <= most_pressing[0]
    assert all(a >= b for a, b in zip(at_or_above(after), at_or_above(before), strict=True))


@given(sitting=sitting_answers(), data=st.data())
@PROPERTY_SETTINGS
def test_raising_any_single_answer_in_a_sitting_never_lowers_its_psychological_flags(
    sitting: dict[str, Answers], data: st.DataObject
) -> None:
    instrument_id = data.draw(st.sampled_from(sorted(sitting)))
    link_id = data.draw(st.sampled_from(load_instrument(instrument_id).link_ids))
    raised = higher(sitting[instrument_id], link_id, instrument_id)
    if raised is None:
        return
    before = psychological_flags(score(i, a) for i, a in sitting.items())
    after = psychological_flags(score(i, raised if i == instrument_id else a) for i, a in sitting.items())
    assert all(a >= b for a, b in zip(at_or_above(after), at_or_above(before), strict=True))


FAMILIES = {
    "phq9_item9_positive": "item 9",
    "phq9_item9_unanswered": "item 9",
    "phq9_severe": "PHQ-9 total",
    "phq9_threshold": "PHQ-9 total",
    "gad7_severe": "GAD-7 total",
    "gad7_threshold": "GAD-7 total",
    "phq4_positive_unfollowed": "PHQ-4 gateway",
}


@given(sitting=sitting_answers())
@PROPERTY_SETTINGS
def test_a_sitting_raises_at_most_one_flag_per_rule_family(sitting: dict[str, Answers]) -> None:
    flags = psychological_flags(score(i, a) for i, a in sitting.items())
    families = [FAMILIES[flag.code] for flag in flags]
    assert len(families) == len(set(families))
    assert all(f.kind == "psychological" for f in flags)


def test_every_complete_phq4_and_auditc_answer_set_scores_its_sum_exhaustively() -> None:
    for instrument_id, values in (("phq4", range(4)), ("auditc", range(5))):
        link_ids = [item.link_id for item in load_instrument(instrument_id).scored_items]
        for combination in itertools.product(values, repeat=len(link_ids)):
            result = score(instrument_id, dict(zip(link_ids, combination, strict=True)))
            assert result.total == sum(combination)
            positive = sum(combination) >= DEFAULT_CONFIG.auditc_positive
            if instrument_id == "auditc":
                assert bool(physical_flags(auditc=result)) is positive
