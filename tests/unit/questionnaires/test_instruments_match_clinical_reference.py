"""The shipped instrument files say exactly what the clinical reference says.

The expected values below are an independent literal copy of the clinical reference
(shared/reference/clinical.md, sections 1, 2, 3 and 5), typed from the reference rather
than from the TOML files, so a drift in either shows up here. Change them only together
with the reference, under clinical safety sign-off.
"""

from __future__ import annotations

import pytest

from questionnaires import Instrument, load_instrument
from screening.clinical.rules.codes import SMOKING_STATUS_CODES

FREQUENCY = [
    # (value, label, LOINC answer code), answer list LL358-3 (s1; GAD-7 "options as PHQ-9", s2)
    (0, "Not at all", "LA6568-5"),
    (1, "Several days", "LA6569-3"),
    (2, "More than half the days", "LA6570-1"),
    (3, "Nearly every day", "LA6571-9"),
]
DIFFICULTY = [
    # LL359-1 (s1): not in numeric order, "very" is LA6575-0 and "extremely" LA6574-3.
    (0, "Not difficult at all", "LA6572-7"),
    (1, "Somewhat difficult", "LA6573-5"),
    (2, "Very difficult", "LA6575-0"),
    (3, "Extremely difficult", "LA6574-3"),
]

PHQ9_ITEMS = [
    ("phq9_1", "Little interest or pleasure in doing things", "44250-9"),
    ("phq9_2", "Feeling down, depressed, or hopeless", "44255-8"),
    ("phq9_3", "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
    ("phq9_4", "Feeling tired or having little energy", "44254-1"),
    ("phq9_5", "Poor appetite or overeating", "44251-7"),
    (
        "phq9_6",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "44258-2",
    ),
    (
        "phq9_7",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "44252-5",
    ),
    (
        "phq9_8",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "44253-3",
    ),
    ("phq9_9", "Thoughts that you would be better off dead or of hurting yourself in some way", "44260-8"),
]
PHQ9_ITEM_10 = (
    "phq9_10",
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?",
    "69722-7",
)
GAD7_ITEMS = [
    ("gad7_1", "Feeling nervous, anxious, or on edge", "69725-0"),
    ("gad7_2", "Not being able to stop or control worrying", "68509-9"),
    ("gad7_3", "Worrying too much about different things", "69733-4"),
    ("gad7_4", "Trouble relaxing", "69734-2"),
    ("gad7_5", "Being so restless that it is hard to sit still", "69735-9"),
    ("gad7_6", "Becoming easily annoyed or irritable", "69689-8"),
    ("gad7_7", "Feeling afraid as if something awful might happen", "69736-7"),  # s2: no comma
]
# s3: PHQ-4 = GAD-2 items (GAD-7 1-2) then PHQ-2 items (PHQ-9 1-2), same wording and codes.
PHQ4_ITEMS = [
    ("phq4_1", GAD7_ITEMS[0][1], GAD7_ITEMS[0][2]),
    ("phq4_2", GAD7_ITEMS[1][1], GAD7_ITEMS[1][2]),
    ("phq4_3", PHQ9_ITEMS[0][1], PHQ9_ITEMS[0][2]),
    ("phq4_4", PHQ9_ITEMS[1][1], PHQ9_ITEMS[1][2]),
]
AUDITC_ITEMS = [
    (
        "auditc_1",
        "How often do you have a drink containing alcohol?",
        ["Never", "Monthly or less", "2–4 times per month", "2–3 times per week", "4+ times per week"],
    ),
    (
        "auditc_2",
        "How many units of alcohol do you drink on a typical day when you are drinking?",
        ["0–2", "3–4", "5–6", "7–9", "10+"],
    ),
    (
        "auditc_3",
        "How often have you had 6 or more units if female, or 8 or more if male, on a single "
        "occasion in the last year?",
        ["Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"],
    ),
]

REFERENCE = {
    "phq9": {
        "lead_in": "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        "panel": "44249-1",
        "total": "44261-6",
        "range": (0, 27),
        "bands": [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 19, "moderately severe"), (20, 27, "severe")],
        "items": PHQ9_ITEMS,
    },
    "gad7": {
        "lead_in": "Over the last 2 weeks, how often have you been bothered by the following problems?",
        "panel": "69737-5",
        "total": "70274-6",
        "range": (0, 21),
        "bands": [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")],
        "items": GAD7_ITEMS,
    },
    "phq4": {
        "lead_in": None,  # the reference quotes none
        "panel": None,
        "total": None,
        "range": (0, 12),
        "bands": [(0, 2, "normal"), (3, 5, "mild"), (6, 8, "moderate"), (9, 12, "severe")],  # s3 v2
        "items": PHQ4_ITEMS,
    },
    "auditc": {
        "lead_in": None,
        "panel": None,  # the UK units version has no LOINC codes (not the US version)
        "total": None,
        "range": (0, 12),
        "bands": [(0, 4, "lower risk"), (5, 12, "positive: full AUDIT advised")],  # s5 v2: UK AUDIT-C
        "items": [(link_id, text, None) for link_id, text, _ in AUDITC_ITEMS],
    },
}  # fmt: skip

SCORED_ITEMS = [
    pytest.param(instrument_id, link_id, text, code, id=link_id)
    for instrument_id, expected in REFERENCE.items()
    for link_id, text, code in expected["items"]
]


def instrument(instrument_id: str) -> Instrument:
    return load_instrument(instrument_id)


@pytest.mark.parametrize(("instrument_id", "link_id", "text", "code"), SCORED_ITEMS)
def test_scored_item_wording_and_loinc_code_match_the_reference(
    instrument_id: str, link_id: str, text: str, code: str | None
) -> None:
    item = instrument(instrument_id).item(link_id)
    assert item.text == text
    assert item.loinc == code
    assert item.scored


@pytest.mark.parametrize("instrument_id", list(REFERENCE))
def test_scored_items_are_exactly_the_reference_items_in_order(instrument_id: str) -> None:
    expected = [link_id for link_id, _, _ in REFERENCE[instrument_id]["items"]]
    assert [item.link_id for item in instrument(instrument_id).scored_items] == expected


@pytest.mark.parametrize("instrument_id", list(REFERENCE))
def test_score_range_and_bands_match_the_reference(instrument_id: str) -> None:
    score = instrument(instrument_id).score
    assert score is not None
    assert (score.min, score.max) == REFERENCE[instrument_id]["range"]
    assert [(band.min, band.max, band.label) for band in score.bands] == REFERENCE[instrument_id]["bands"]


@pytest.mark.parametrize("instrument_id", list(REFERENCE))
def test_panel_and_total_loinc_codes_match_the_reference(instrument_id: str) -> None:
    loaded = instrument(instrument_id)
    assert loaded.loinc == REFERENCE[instrument_id]["panel"]
    total_codes = [coding.code for coding in loaded.score.code]  # type: ignore[union-attr]
    expected = REFERENCE[instrument_id]["total"]
    assert total_codes == ([] if expected is None else [expected])


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_lead_in_matches_the_reference(instrument_id: str) -> None:
    assert instrument(instrument_id).lead_in == REFERENCE[instrument_id]["lead_in"]


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7", "phq4"])
def test_frequency_answers_and_their_loinc_codes_match_the_reference(instrument_id: str) -> None:
    for item in instrument(instrument_id).scored_items:
        assert [(o.value, o.label, o.code) for o in item.answer_options] == FREQUENCY


def test_gad7_zero_answer_is_not_at_all_and_never_not_at_all_sure() -> None:
    for item in instrument("gad7").scored_items:
        assert item.option(0).label == "Not at all"


def test_gad7_items_6_and_7_keep_their_own_loinc_codes() -> None:
    # Often swapped in public code: 69689-8 is irritable (item 6), 69736-7 afraid (item 7).
    assert instrument("gad7").item("gad7_6").loinc == "69689-8"
    assert instrument("gad7").item("gad7_7").loinc == "69736-7"


def test_phq9_items_6_and_8_keep_their_em_dashes() -> None:
    assert "—" in instrument("phq9").item("phq9_6").text
    assert "—" in instrument("phq9").item("phq9_8").text


def test_phq9_item_10_wording_code_and_difficulty_answers_match_the_reference() -> None:
    link_id, text, code = PHQ9_ITEM_10
    item = instrument("phq9").item(link_id)
    assert (item.text, item.loinc, item.scored) == (text, code, False)
    assert [(o.value, o.label, o.code) for o in item.answer_options] == DIFFICULTY


def test_gad7_difficulty_item_uses_the_difficulty_answers_and_is_not_scored() -> None:
    item = instrument("gad7").item("gad7_8")
    assert not item.scored
    assert [(o.value, o.label, o.code) for o in item.answer_options] == DIFFICULTY


def test_phq2_half_of_the_phq4_carries_the_phq2_total_loinc_code() -> None:
    phq2 = instrument("phq4").score.subscale("phq2")  # type: ignore[union-attr]
    assert phq2.items == ("phq4_3", "phq4_4")
    assert [coding.code for coding in phq2.code] == ["55758-7"]
    assert instrument("phq4").score.subscale("gad2").items == ("phq4_1", "phq4_2")  # type: ignore[union-attr]


@pytest.mark.parametrize(("link_id", "text", "labels"), AUDITC_ITEMS)
def test_auditc_uk_wording_and_answers_match_the_reference(link_id: str, text: str, labels: list[str]) -> None:
    item = instrument("auditc").item(link_id)
    assert item.text == text
    assert [(o.value, o.label) for o in item.answer_options] == list(enumerate(labels))
    assert item.code == () and all(o.code is None for o in item.answer_options)


def test_the_auditc_lead_in_shows_the_uk_unit_guide_of_the_reference() -> None:
    # s5 v2: a pint of ordinary beer 2 units, a small glass of wine 1.5, a single spirit 1.
    lead_in = instrument("auditc").lead_in
    for words in ("pint of ordinary beer is 2 units", "small glass of wine is 1.5 units", "single spirit is 1 unit"):
        assert words in lead_in


def test_no_instrument_uses_the_deprecated_band_code_or_the_us_auditc_total() -> None:
    every_code = {
        coding.code
        for instrument_id in REFERENCE
        for coding in (
            *instrument(instrument_id).code,
            *instrument(instrument_id).score.code,  # type: ignore[union-attr]
            *(c for item in instrument(instrument_id).items for c in item.code),
        )
    }
    assert "44262-4" not in every_code  # deprecated PHQ-9 severity band
    assert "75626-2" not in every_code  # US AUDIT-C total, not the UK units version


@pytest.mark.parametrize(
    ("link_id", "low", "high", "unit"),
    [
        # s5 plausible entry: systolic 60-300, diastolic 30-200, height 0.5-2.5 m, weight 2-400 kg
        *[(f"bp_systolic_{n}", 60, 300, "mmHg") for n in (1, 2, 3)],
        *[(f"bp_diastolic_{n}", 30, 200, "mmHg") for n in (1, 2, 3)],
        ("height_m", 0.5, 2.5, "m"),
        ("weight_kg", 2, 400, "kg"),
    ],
)
def test_vital5_plausible_ranges_and_units_match_the_reference(
    link_id: str, low: float, high: float, unit: str
) -> None:
    item = instrument("vital5").item(link_id)
    assert (item.min_value, item.max_value, item.unit) == (low, high, unit)


def test_vital5_smoking_status_codes_are_the_nhs_data_dictionary_codes() -> None:
    # s5: 1 current, 2 ex-smoker, 3 non-smoker history unknown, 4 never, Z not stated, 9 unknown
    item = instrument("vital5").item("smoking_status")
    assert item.option_values() == ("1", "2", "3", "4", "Z", "9")
    assert {o.value: o.label for o in item.answer_options} == dict(SMOKING_STATUS_CODES)
