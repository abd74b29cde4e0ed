"""A broken instrument file fails on load with "<file>: <field>: <problem>".

Each case copies a shipped file to a temporary folder, breaks one thing, and checks the
error names the file, the field and the problem.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from questionnaires import load_file
from questionnaires.loader import INSTRUMENT_DIR
from screening.errors import InstrumentDefinitionError


def broken(tmp_path: Path, instrument_id: str, old: str, new: str, count: int = 1) -> Path:
    """A copy of the shipped file with `old` replaced by `new` (the first `count` times)."""
    for other in ("phq4", "auditc"):  # the Vital 5 file refers to these
        shutil.copy(INSTRUMENT_DIR / f"{other}.toml", tmp_path / f"{other}.toml")
    text = (INSTRUMENT_DIR / f"{instrument_id}.toml").read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {instrument_id}.toml"
    path = tmp_path / f"{instrument_id}.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(InstrumentDefinitionError) as raised:
        load_file(path)
    return str(raised.value)


def breakage(instrument_id: str, old: str, new: str, message: str, *, id: str, count: int = 1) -> object:
    """Replace `old` with `new` in a copy of the file; the error must start with `message`."""
    return pytest.param(instrument_id, old, new, count, message, id=id)


BREAKAGES = [
    breakage(
        "phq9", 'linkId = "phq9_2"', 'linkId = "phq9_1"',
        "phq9.toml: item[1].linkId: duplicate linkId 'phq9_1'", id="duplicate linkId",
    ),
    breakage(
        "phq9", "{ min = 5, max = 9, label", "{ min = 6, max = 9, label",
        "phq9.toml: score.bands[1].min: 6 should be 5: the previous band ends at 4", id="gap in bands",
    ),
    breakage(
        "phq9", "{ min = 5, max = 9, label", "{ min = 4, max = 9, label",
        "phq9.toml: score.bands[1].min: 4 should be 5", id="overlapping bands",
    ),
    breakage(
        "phq9", "{ min = 0, max = 4, label", "{ min = 1, max = 4, label",
        "phq9.toml: score.bands[0].min: 1 should be 0: the score range starts at 0", id="bands start late",
    ),
    breakage(
        "phq9", "{ min = 20, max = 27, label", "{ min = 20, max = 26, label",
        "phq9.toml: score.bands[4].max: 26 should be 27: bands must cover the score range", id="bands end early",
    ),
    breakage(
        "phq9", "{ min = 10, max = 14, label", "{ min = 10, max = 9, label",
        "phq9.toml: score.bands[2].max: 9 is below the band's min 10", id="band upside down",
    ),
    breakage(
        "phq9", 'label = "mild"', 'label = "Mild"',
        "phq9.toml: score.bands[1].label: 'Mild' must be lower case", id="band label case",
    ),
    breakage(
        "phq9", 'label = "moderate"', 'label = "mild"',
        "phq9.toml: score.bands[2].label: duplicate band label 'mild'", id="duplicate band label",
    ),
    breakage(
        "phq9", '{ value = 3, label = "Nearly every day"', '{ value = 4, label = "Nearly every day"',
        "phq9.toml: item[0].answerValueSet: answer value 4 ('Nearly every day') is outside the item "
        "score range 0 to 3", id="option out of range",
    ),
    breakage(
        "auditc", '  { value = 2, label = "5–6" },\n', "",
        "auditc.toml: item[1].answerOption: answer values [0, 1, 3, 4] must be each whole number 0 to 4",
        id="option missing",
    ),
    breakage(
        "phq9", 'code = "44250-9"', 'code = "44250-8"',
        "phq9.toml: item[0].code[0].code: '44250-8' is not a well-formed LOINC code: its check digit "
        "should be 9", id="LOINC check digit",
    ),
    breakage(
        "phq9", 'code = "44250-9"', 'code = "4425O-9"',
        "phq9.toml: item[0].code[0].code: '4425O-9' is not a well-formed LOINC code", id="malformed LOINC",
    ),
    breakage(
        "phq9", 'code = "LA6568-5"', 'code = "LA65685"',
        "phq9.toml: valueSet[0].answerOption[0].code: 'LA65685' is not a well-formed LOINC answer code",
        id="malformed LOINC answer code",
    ),
    breakage(
        "phq9", 'url = "http://loinc.org/vs/LL359-1"', 'url = "http://loinc.org/vs/LX359-1"',
        "phq9.toml: valueSet[1].url: 'http://loinc.org/vs/LX359-1' is not a LOINC answer list URL",
        id="malformed answer list URL",
    ),
    breakage(
        "phq9", 'url = "http://loinc.org/vs/LL359-1"', 'url = "http://loinc.org/vs/LL358-3"',
        "phq9.toml: valueSet[1].url: is a duplicate URL", id="duplicate value set",
    ),
    breakage(
        "phq9", 'system = "http://loinc.org", code = "44250-9"', 'system = "http://snomed.info/sct", code = "44250-9"',
        "phq9.toml: item[0].code[0].system: 'http://snomed.info/sct' is not supported", id="code system",
    ),
    breakage(
        "phq9", "required = true\n", "",
        "phq9.toml: item[0].required: is missing", id="missing field",
    ),
    breakage(
        "phq9", "required = true", "requried = true",
        "phq9.toml: item[0].requried: is not a recognised field", id="misspelt field",
    ),
    breakage(
        "phq9", "scored = true", 'scored = "yes"',
        "phq9.toml: item[0].scored: must be true or false, not text ('yes')", id="wrong type",
    ),
    breakage(
        "phq9", 'text = "Poor appetite or overeating"', 'text = "  "',
        "phq9.toml: item[4].text: must not be empty", id="empty text",
    ),
    breakage(
        "phq9", 'linkId = "phq9_1"', 'linkId = "PHQ9 1"',
        "phq9.toml: item[0].linkId: 'PHQ9 1' must be lower-case letters, digits and underscores",
        id="malformed linkId",
    ),
    breakage(
        "phq9", 'type = "choice"', 'type = "string"',
        "phq9.toml: item[0].type: 'string' is not supported", id="unsupported item type",
    ),
    breakage(
        "phq9", 'id = "phq9"', 'id = "phq8"',
        "phq9.toml: id: 'phq8' does not match the file name phq9.toml", id="id and file name differ",
    ),
    breakage(
        "phq9", 'id = "phq9"', 'id = "PHQ-9"',
        "phq9.toml: id: 'PHQ-9' must be lower-case letters and digits", id="malformed id",
    ),
    breakage(
        "phq9", 'resourceType = "Questionnaire"', 'resourceType = "Observation"',
        'phq9.toml: resourceType: must be "Questionnaire"', id="resource type",
    ),
    breakage(
        "phq9", 'status = "active"', 'status = "live"',
        "phq9.toml: status: must be one of draft, active, retired", id="status",
    ),
    breakage(
        "phq9", "\nmax = 27\n", "\nmax = 28\n",
        "phq9.toml: score.max: the range 0-28 does not match 9 scored items each scoring 0-3", id="score max",
    ),
    breakage(
        "phq9", "\nmin = 0\n", "\nmin = 1\n",
        "phq9.toml: score.min: the range 1-27 does not match", id="score min",
    ),
    breakage(
        "phq9", "itemMax = 3", "itemMax = 0",
        "phq9.toml: score.itemMax: 0 must be greater than itemMin 0", id="item range",
    ),
    breakage(
        "phq4", "scored = true", "scored = false",
        "phq4.toml: score: an instrument with a score needs at least one item with scored = true",
        id="score without scored items", count=4,
    ),
    breakage(
        "phq9", 'question = "phq9_9"', 'question = "phq9_11"',
        "phq9.toml: item[9].enableWhen[8].question: 'phq9_11' is not an earlier item", id="enableWhen target",
    ),
    breakage(
        "phq9", 'operator = ">"', 'operator = "=>"',
        "phq9.toml: item[9].enableWhen[0].operator: '=>' is not one of", id="enableWhen operator",
    ),
    breakage(
        "phq9", 'enableBehavior = "any"', 'enableBehavior = "some"',
        'phq9.toml: item[9].enableBehavior: must be "all" or "any"', id="enableBehavior",
    ),
    breakage(
        "phq9", 'answerValueSet = "http://loinc.org/vs/LL359-1"', 'answerValueSet = "http://loinc.org/vs/LL999-9"',
        "phq9.toml: item[9].answerValueSet: 'http://loinc.org/vs/LL999-9' is not one of this file's valueSet",
        id="unknown value set",
    ),
    breakage(
        "auditc", 'linkId = "auditc_1"', 'linkId = "auditc_1"\nanswerValueSet = "x"',
        "auditc.toml: item[0].answerOption: a choice item needs exactly one of answerOption or answerValueSet",
        id="both option sources",
    ),
    breakage(
        "auditc", 'linkId = "auditc_1"', 'linkId = "auditc_1"\nunit = "units"',
        "auditc.toml: item[0].unit: applies only to integer and decimal items", id="unit on a choice item",
    ),
    breakage(
        "auditc", '  { value = 1, label = "Monthly or less" },', '  { value = 0, label = "Monthly or less" },',
        "auditc.toml: item[0].answerOption[1].value: duplicate answer value 0", id="duplicate answer value",
    ),
    breakage(
        "auditc", '  { value = 1, label = "Monthly or less" },', '  { value = 1, label = "Never" },',
        "auditc.toml: item[0].answerOption[1].label: duplicate answer label 'Never'", id="duplicate answer label",
    ),
    breakage(
        "auditc", "[score]\n", "[unscored]\n",
        "auditc.toml: unscored: is not a recognised field", id="misspelt table",
    ),
    breakage(
        "vital5", "minValue = 60", "minValue = 300",
        "vital5.toml: item[0].maxValue: 300 must be greater than minValue 300", id="numeric range",
    ),
    breakage(
        "vital5", "minValue = 60", "minValue = 60.5",
        "vital5.toml: item[0].minValue: must be a whole number, not a decimal (60.5)", id="integer range",
    ),
    breakage(
        "vital5", 'unit = "mmHg"\n', "",
        "vital5.toml: item[0].unit: is missing", id="numeric unit",
    ),
    breakage(
        "vital5", 'unit = "mmHg"', 'unit = "mmHg"\nanswerOption = []',
        "vital5.toml: item[0].answerOption: applies only to choice items", id="options on a numeric item",
    ),
    breakage(
        "vital5", 'type = "integer"', 'type = "integer"\nscored = true',
        "vital5.toml: item[0].scored: only a choice item with whole-number answer values can be scored",
        id="scored numeric item",
    ),
    breakage(
        "vital5", '{ value = "1", label = "Current smoker" }', '{ value = 1, label = "Current smoker" }',
        "vital5.toml: item[8].answerOption: values must be all whole numbers or all text codes", id="mixed codes",
    ),
    breakage(
        "vital5", 'subQuestionnaire = ["phq4", "auditc"]', 'subQuestionnaire = ["phq4", "audit"]',
        "vital5.toml: subQuestionnaire: 'audit' has no instrument file beside this one", id="sub-questionnaire",
    ),
    breakage(
        "vital5", 'subQuestionnaire = ["phq4", "auditc"]', 'subQuestionnaire = ["../phq4"]',
        "vital5.toml: subQuestionnaire: '../phq4' has no instrument file", id="sub-questionnaire path",
    ),
    breakage(
        "phq4", 'id = "phq2"', 'id = "gad2"',
        "phq4.toml: score.subscale[1].id: duplicate subscale id 'gad2'", id="duplicate subscale",
    ),
    breakage(
        "phq4", 'id = "phq2"', 'id = "PHQ-2"',
        "phq4.toml: score.subscale[1].id: 'PHQ-2' must be lower-case letters and digits", id="subscale id",
    ),
    breakage(
        "phq4", 'items = ["phq4_3", "phq4_4"]', 'items = ["phq4_3", "phq9_1"]',
        "phq4.toml: score.subscale[1].items: 'phq9_1' is not a scored item", id="subscale item",
    ),
    breakage(
        "phq4", 'items = ["phq4_3", "phq4_4"]', 'items = ["phq4_3", "phq4_3"]',
        "phq4.toml: score.subscale[1].items: must list one or more scored linkIds, each once",
        id="subscale repeats an item",
    ),
    breakage(
        "phq4", 'items = ["phq4_3", "phq4_4"]', "items = [3, 4]",
        "phq4.toml: score.subscale[1].items: must list one or more scored linkIds", id="subscale not linkIds",
    ),
    breakage(
        "gad7", 'version = "1.1.0"', 'version = "1.1"',
        "gad7.toml: version: '1.1' must be three whole numbers", id="malformed version",
    ),
    breakage(
        "gad7", 'answersFrom = ["1.0.0"]', 'answersFrom = ["1.0"]',
        "gad7.toml: answersFrom: '1.0' must be a version such as \"1.0.0\"", id="malformed earlier version",
    ),
    breakage(
        "gad7", 'answersFrom = ["1.0.0"]', "answersFrom = [1]",
        "gad7.toml: answersFrom: 1 must be a version", id="earlier version not text",
    ),
    breakage(
        "gad7", 'answersFrom = ["1.0.0"]', 'answersFrom = ["1.1.0"]',
        "gad7.toml: answersFrom: '1.1.0' is not earlier than this file's version 1.1.0", id="own version",
    ),
    breakage(
        "gad7", 'answersFrom = ["1.0.0"]', 'answersFrom = ["1.10.0"]',
        "gad7.toml: answersFrom: '1.10.0' is not earlier", id="later version (compared as numbers)",
    ),
    breakage(
        "gad7", 'answersFrom = ["1.0.0"]', 'answersFrom = ["1.0.0", "1.0.0"]',
        "gad7.toml: answersFrom: lists a version twice", id="earlier version twice",
    ),
    breakage(
        "gad7", 'answersFrom = ["1.0.0"]', 'answersFrom = "1.0.0"',
        "gad7.toml: answersFrom: must be a list", id="earlier versions not a list",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("instrument_id", "old", "new", "count", "message"), BREAKAGES)
def test_a_broken_file_fails_naming_the_file_the_field_and_the_problem(
    tmp_path: Path, instrument_id: str, old: str, new: str, count: int, message: str
) -> None:
    path = broken(tmp_path, instrument_id, old, new, count)
    assert load_error(path).startswith(message)


def test_an_instrument_with_scored_items_but_no_score_table_fails(tmp_path: Path) -> None:
    text = (INSTRUMENT_DIR / "auditc.toml").read_text(encoding="utf-8")
    start, end = text.index("[score]"), text.index("[[item]]")
    path = tmp_path / "auditc.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert load_error(path) == "auditc.toml: score: is missing, but some items have scored = true"


def test_invalid_toml_fails_naming_the_file_and_the_syntax_problem(tmp_path: Path) -> None:
    path = tmp_path / "phq9.toml"
    path.write_text('id = "phq9"\nid = "again"\n', encoding="utf-8")
    assert load_error(path).startswith("phq9.toml: (TOML syntax): ")


def test_a_missing_file_fails_naming_the_file(tmp_path: Path) -> None:
    assert load_error(tmp_path / "gad7.toml").startswith("gad7.toml: (file): cannot be read")


def test_a_file_without_items_fails(tmp_path: Path) -> None:
    path = broken(tmp_path, "phq9", "[[item]]", "[[other]]", count=20)
    assert load_error(path).startswith("phq9.toml: other: is not a recognised field")
    path.write_text('resourceType = "Questionnaire"\nid = "phq9"\nstatus = "active"\nitem = []\n', encoding="utf-8")
    assert load_error(path) == "phq9.toml: item: must not be empty"


def test_an_item_that_is_not_a_table_fails(tmp_path: Path) -> None:
    path = tmp_path / "phq9.toml"
    path.write_text(
        'resourceType = "Questionnaire"\nid = "phq9"\nstatus = "active"\nitem = ["phq9_1"]\n', encoding="utf-8"
    )
    assert load_error(path) == "phq9.toml: item[0]: must be a table"


def test_a_choice_item_without_answers_fails(tmp_path: Path) -> None:
    path = broken(tmp_path, "phq9", 'answerValueSet = "http://loinc.org/vs/LL358-3"', "")
    assert load_error(path) == (
        "phq9.toml: item[0].answerOption: a choice item needs exactly one of answerOption or answerValueSet"
    )
