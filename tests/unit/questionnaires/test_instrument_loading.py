"""Every shipped instrument file loads into frozen, cached, well-formed instruments."""

from __future__ import annotations

import dataclasses

import pytest

from questionnaires import Instrument, list_instruments, load_file, load_instrument
from questionnaires.loader import INSTRUMENT_DIR
from questionnaires.loinc import check_digit
from questionnaires.model import EnableWhen
from screening.errors import InstrumentDefinitionError, NotFound

QUESTIONNAIRES = ["phq9", "gad7", "phq4", "auditc"]


def test_the_shipped_instruments_are_the_four_questionnaires_and_the_vital5_measures() -> None:
    assert list_instruments() == ("auditc", "gad7", "phq4", "phq9", "vital5")


@pytest.mark.parametrize("instrument_id", list_instruments())
def test_every_shipped_file_loads_and_is_identified_by_its_file_name(instrument_id: str) -> None:
    instrument = load_file(INSTRUMENT_DIR / f"{instrument_id}.toml")
    assert isinstance(instrument, Instrument)
    assert instrument.id == instrument_id
    assert instrument.version and instrument.title and instrument.source and instrument.copyright
    assert instrument.lead_in and instrument.status == "active"


@pytest.mark.parametrize(
    ("instrument_id", "version"),
    # The v2 rules changed wording or bands only (s2, s3, s5): answers given to 1.0.0 read unchanged.
    [("gad7", "1.1.0"), ("phq4", "1.1.0"), ("auditc", "1.1.0"), ("phq9", "1.0.0"), ("vital5", "1.0.0")],
)
def test_a_changed_instrument_has_a_new_version_that_still_reads_answers_given_to_the_earlier_one(
    instrument_id: str, version: str
) -> None:
    instrument = load_instrument(instrument_id)
    assert instrument.version == version
    assert instrument.reads_answers_of(version)
    assert instrument.reads_answers_of("1.0.0")
    assert not instrument.reads_answers_of("0.9.0") and not instrument.reads_answers_of("2.0.0")


def test_load_instrument_caches_one_shared_instance() -> None:
    assert load_instrument("phq9") is load_instrument("phq9")


def test_loaded_instruments_cannot_be_changed() -> None:
    phq9 = load_instrument("phq9")
    with pytest.raises(dataclasses.FrozenInstanceError):
        phq9.items[8].text = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        phq9.score.bands[0].max = 9  # type: ignore[misc, union-attr]


@pytest.mark.parametrize("instrument_id", ["phq8", "../screening/codes", "PHQ9", ""])
def test_an_unknown_instrument_id_is_not_found_and_names_the_known_ones(instrument_id: str) -> None:
    with pytest.raises(NotFound, match="Known: auditc, gad7, phq4, phq9, vital5"):
        load_instrument(instrument_id)


@pytest.mark.parametrize("instrument_id", QUESTIONNAIRES)
def test_every_questionnaire_item_is_required_and_allows_prefer_not_to_answer(instrument_id: str) -> None:
    # Clinical reference s4: every item asked and required, with an explicit "Prefer not to answer".
    for item in load_instrument(instrument_id).items:
        assert item.required and item.allow_declined, item.link_id


@pytest.mark.parametrize(("instrument_id", "scored_count"), [("phq9", 9), ("gad7", 7), ("phq4", 4), ("auditc", 3)])
def test_item_link_ids_follow_instrument_underscore_number(instrument_id: str, scored_count: int) -> None:
    instrument = load_instrument(instrument_id)
    assert [i.link_id for i in instrument.scored_items] == [f"{instrument_id}_{n}" for n in range(1, scored_count + 1)]
    assert all(link_id.startswith(f"{instrument_id}_") for link_id in instrument.link_ids)


@pytest.mark.parametrize(("instrument_id", "difficulty"), [("phq9", "phq9_10"), ("gad7", "gad7_8")])
def test_difficulty_item_is_unscored_and_asked_only_when_any_scored_item_is_above_zero(
    instrument_id: str, difficulty: str
) -> None:
    instrument = load_instrument(instrument_id)
    item = instrument.item(difficulty)
    assert not item.scored
    assert item.enable_behavior == "any"
    assert item.enable_when == tuple(EnableWhen(scored.link_id, ">", 0) for scored in instrument.scored_items)
    all_zero = {scored.link_id: 0 for scored in instrument.scored_items}
    assert not item.is_enabled(all_zero)
    assert not item.is_enabled({**all_zero, instrument.scored_items[0].link_id: "declined"})
    assert not item.is_enabled({})
    assert item.is_enabled({**all_zero, instrument.scored_items[-1].link_id: 1})


def test_an_item_without_conditions_is_always_asked() -> None:
    assert load_instrument("phq9").item("phq9_1").is_enabled({})


@pytest.mark.parametrize(
    ("operator", "given", "expected"),
    [("=", 2, True), ("!=", 2, False), (">", 2, True), (">=", 1, True), ("<", 1, False), ("<=", 1, True)],
)
def test_enable_when_compares_integer_answers_with_its_operator(operator: str, given: int, expected: bool) -> None:
    # Condition "answer <operator> 1".
    rule = EnableWhen("x", operator, 2 if operator in ("=", "!=") else 1)
    assert rule.is_met(given) is expected


@pytest.mark.parametrize("given", [None, "declined", True, "3"])
def test_enable_when_is_never_met_by_an_unanswered_declined_or_non_integer_answer(given: object) -> None:
    assert not EnableWhen("x", ">=", 0).is_met(given)


def test_an_all_conditions_item_needs_every_condition_met() -> None:
    item = dataclasses.replace(load_instrument("phq9").item("phq9_10"), enable_behavior="all")
    assert not item.is_enabled({"phq9_1": 1})
    assert item.is_enabled({f"phq9_{n}": 1 for n in range(1, 10)})


def test_looking_up_a_missing_item_option_or_subscale_is_a_key_error() -> None:
    phq4 = load_instrument("phq4")
    with pytest.raises(KeyError):
        phq4.item("phq9_1")
    with pytest.raises(KeyError):
        phq4.item("phq4_1").option(4)
    with pytest.raises(KeyError):
        phq4.item("phq4_1").option(True)  # a bool is not the answer 1
    with pytest.raises(KeyError):
        phq4.score.subscale("phq9")  # type: ignore[union-attr]


def test_each_total_finds_its_band_inclusive_at_both_ends() -> None:
    score = load_instrument("phq9").score
    assert score is not None
    assert [score.band_for(total).label for total in (14, 15)] == ["moderate", "moderately severe"]


def test_a_total_outside_the_score_range_has_no_band() -> None:
    with pytest.raises(ValueError, match="outside the score range 0-27"):
        load_instrument("phq9").score.band_for(28)  # type: ignore[union-attr]


def test_vital5_reuses_the_phq4_and_auditc_and_has_no_score() -> None:
    vital5 = load_instrument("vital5")
    assert vital5.sub_questionnaires == ("phq4", "auditc")
    assert vital5.score is None and vital5.loinc is None
    assert [item.link_id for item in vital5.items] == [
        "bp_systolic_1", "bp_diastolic_1", "bp_systolic_2", "bp_diastolic_2",
        "bp_systolic_3", "bp_diastolic_3", "height_m", "weight_kg", "smoking_status",
    ]  # fmt: skip


def test_vital5_blood_pressure_items_are_integers_and_height_and_weight_decimals() -> None:
    vital5 = load_instrument("vital5")
    assert {vital5.item(f"bp_systolic_{n}").type for n in (1, 2, 3)} == {"integer"}
    assert (vital5.item("height_m").type, vital5.item("weight_kg").type) == ("decimal", "decimal")
    assert isinstance(vital5.item("weight_kg").min_value, float)
    assert vital5.item("bp_systolic_1").required and not vital5.item("bp_systolic_2").required


@pytest.mark.parametrize(
    ("code", "digit"),
    [
        ("44249", 1),  # 9*2=18 -> 1+8=9; 4; 2*2=4; 4; 4*2=8 -> 29 -> 1 to reach 30
        ("69737", 5),  # 7*2=14 -> 5; 3; 7*2=14 -> 5; 9; 6*2=12 -> 3 -> 25 -> 5 to reach 30
        ("8480", 6),  # 0*2=0; 8; 4*2=8; 8 -> 24 -> 6 to reach 30
        ("70274", 6),  # 4*2=8; 7; 2*2=4; 0; 7*2=14 -> 5 -> 24 -> 6
        ("10", 9),  # 0*2=0; 1 -> 1 -> 9 to reach 10
        ("5", 9),  # 5*2=10 -> 1+0=1 -> 9 to reach 10
        ("0", 0),  # 0 -> 0, already a multiple of ten
    ],
)
def test_loinc_check_digit_is_mod_10_doubling_from_the_right(code: str, digit: int) -> None:
    assert check_digit(code) == digit


def test_only_the_difficulty_follow_ups_stand_apart_from_the_lead_in() -> None:
    # "Over the last 2 weeks, how often..." introduces the symptom items, not the
    # difficulty question (underLeadIn = false, issue 16); every other item sits under it.
    apart = {(i, item.link_id) for i in QUESTIONNAIRES for item in load_instrument(i).items if not item.under_lead_in}
    assert apart == {("phq9", "phq9_10"), ("gad7", "gad7_8")}


def test_under_lead_in_must_be_true_or_false(tmp_path) -> None:
    text = (INSTRUMENT_DIR / "gad7.toml").read_text().replace("underLeadIn = false", 'underLeadIn = "no"')
    (tmp_path / "gad7.toml").write_text(text)
    with pytest.raises(InstrumentDefinitionError, match="underLeadIn"):
        load_file(tmp_path / "gad7.toml")
