"""A translation file is checked against the English master: text only, nothing else may change.

The cases start from the generated accented test language (a complete, valid file) and
break one thing each, as a translator's slip would.
"""

from __future__ import annotations

import re

import pytest

from questionnaires.pseudo_locale import TRANSLATIONS_DIR
from questionnaires.translation import read_translation

VALID = (TRANSLATIONS_DIR / "en-XA.toml").read_text(encoding="utf-8")


def blocks() -> list[str]:
    return VALID.split("\n\n")


def item_block(link_id: str) -> int:
    return next(n for n, block in enumerate(blocks()) if f'linkId = "{link_id}"' in block)


def joined(parts: list[str]) -> str:
    return "\n\n".join(parts)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def problems(text: str) -> list[str]:
    reading = read_translation(text)
    assert reading.translation is None
    return [str(p) for p in reading.problems]


def without_item(link_id: str) -> str:
    parts = blocks()
    del parts[item_block(link_id)]
    return joined(parts)


def with_extra_item() -> str:
    parts = blocks()
    n = item_block("phq9_9")
    parts.insert(n + 1, parts[n].replace('"phq9_9"', '"phq9_99"'))
    return joined(parts)


def with_items_swapped(first: str, second: str) -> str:
    parts = blocks()
    a, b = item_block(first), item_block(second)
    parts[a], parts[b] = parts[b], parts[a]
    return joined(parts)


def in_item(link_id: str, change) -> str:
    parts = blocks()
    n = item_block(link_id)
    parts[n] = change(parts[n])
    return joined(parts)


def option_lines(block: str) -> list[str]:
    return [line for line in block.splitlines() if line.startswith("  { value")]


def swap_first_two_options(block: str) -> str:
    first, second = option_lines(block)[:2]
    return block.replace(first, "\0").replace(second, first).replace("\0", second)


def test_the_generated_test_language_is_a_valid_translation_of_every_part() -> None:
    reading = read_translation(VALID)
    assert reading.problems == ()
    assert reading.translation is not None
    assert list(reading.translation.parts) == ["patient_text", "phq9", "gad7", "phq4", "auditc"]
    assert (reading.translation.language, reading.translation.test_language) == ("en-XA", True)


def test_a_missing_item_is_refused_naming_it() -> None:
    assert "phq9: the item phq9_3 is missing" in "\n".join(problems(without_item("phq9_3")))


def test_an_item_the_master_has_not_is_refused_with_its_line() -> None:
    text = with_extra_item()
    assert problems(text) == [f"line {line_of(text, 'phq9_99')}: phq9: the master has no item phq9_99"]


def test_an_item_given_twice_is_refused() -> None:
    parts = blocks()
    n = item_block("auditc_3")
    parts.insert(n, parts[n])
    found = problems(joined(parts))
    assert any("auditc: the item auditc_3 is given twice" in p for p in found)


def test_items_out_of_the_masters_order_are_refused() -> None:
    (found,) = problems(with_items_swapped("gad7_2", "gad7_3"))
    assert "gad7: the items are out of the master's order (gad7_3 is in place 2, gad7_2 is in place 3)" in found


def test_a_missing_option_is_refused_with_the_items_line() -> None:
    text = in_item("auditc_2", lambda b: b.replace(option_lines(b)[-1] + "\n", ""))
    assert problems(text) == [f"line {line_of(text, 'auditc_2')}: auditc: auditc_2: option value 4 is missing"]


def test_an_extra_option_is_refused() -> None:
    text = in_item("phq4_1", lambda b: b.replace("\n]", '\n  { value = 4, label = "Always" },\n]'))
    assert problems(text) == [f"line {line_of(text, 'phq4_1')}: phq4: phq4_1: the master has no option value 4"]


def test_a_value_given_twice_instead_of_once_is_refused() -> None:
    text = in_item("phq4_1", lambda b: b.replace("\n]", '\n  { value = 3, label = "Again" },\n]'))
    assert problems(text) == [
        f"line {line_of(text, 'phq4_1')}: phq4: phq4_1: the options must be the master's 4, not 5"
    ]


def test_options_out_of_the_masters_order_are_refused() -> None:
    (found,) = problems(in_item("phq9_1", swap_first_two_options))
    assert found.endswith(
        "phq9: phq9_1: the options are out of the master's order: values 1, 0, 2, 3; the master's are 0, 1, 2, 3"
    )


@pytest.mark.parametrize(
    ("changed", "shown"),
    [
        ("value = 5", "5"),  # a different score
        ('value = "1"', "'1'"),  # the same digit as text is not the master's value
        ("value = true", "True"),  # nor is true, though Python counts it as 1
    ],
)
def test_a_changed_option_value_is_refused(changed: str, shown: str) -> None:
    (found,) = problems(in_item("phq9_10", lambda b: b.replace("value = 1", changed)))
    assert f"phq9: phq9_10: option 2 has value {shown}, the master's is 1 (values come from the master" in found


def test_a_blank_item_text_option_label_or_lead_in_is_refused() -> None:
    text = in_item(
        "gad7_1",
        lambda b: re.sub(r'text = ".*"', 'text = " "', b).replace('label = "[Ñöţ', 'label = "  ", x = "[Ñöţ', 1),
    )
    text = text.replace(
        next(x for x in text.splitlines() if x.startswith("leadIn") and "2 ŵééķš" in x), 'leadIn = ""', 1
    )
    found = problems(text)
    assert "line" in found[0] and "leadIn must be text, not blank" in found[0]
    assert any("gad7: gad7_1: text must be text, not blank" in p for p in found)
    assert any("gad7: gad7_1: option 1 needs a label" in p for p in found)
    assert any("gad7: gad7_1: option 1 has an unknown key x" in p for p in found)


def test_items_that_are_not_tables_or_options_that_are_not_a_list_are_refused() -> None:
    assert problems(VALID.replace('[auditc]\n', '[auditc]\nitem = "none"\n').split("[[auditc.item]]")[0]) == [
        f"line {line_of(VALID, '[auditc]')}: auditc: needs its items as [[auditc.item]] tables"]  # fmt: skip
    found = problems(in_item("auditc_1", lambda b: b.split("answerOption")[0] + 'answerOption = "never"\n'))
    assert found[0].endswith("auditc: auditc_1: answerOption must be a list of { value, label }")


def test_an_unknown_key_in_an_instrument_or_an_item_is_refused() -> None:
    text = VALID.replace("[phq4]\n", '[phq4]\ntitle = "PHQ-4"\n').replace(
        'linkId = "phq4_2"', 'linkId = "phq4_2"\ncode = "x"'
    )
    assert problems(text) == [
        f"line {line_of(text, 'PHQ-4')}: phq4: unknown key title",
        f"line {line_of(text, 'phq4_2')}: phq4: phq4_2: unknown key code",
    ]


def test_a_lost_placeholder_is_refused_with_the_keys_line() -> None:
    text = VALID.replace("{total}", "twenty")
    assert problems(text) == [
        f"line {line_of(text, 'question_of')}: patient_text: question_of has lost the placeholder {{total}}"
    ]


def test_a_placeholder_the_master_has_not_is_refused() -> None:
    text = VALID.replace('finish = "[', 'finish = "{name} [')
    assert problems(text) == [
        f"line {line_of(text, 'finish =')}: patient_text: finish has a placeholder {{name}} the master has not"
    ]


def test_a_missing_or_unknown_or_blank_patient_text_key_is_refused() -> None:
    text = re.sub(r'\nstart = ".*"', '\nstarting = "Go"', VALID).replace('back = "[Ɓåçķ one]"', "back = 3")
    assert problems(text) == [
        f"line {line_of(text, '[patient_text]')}: patient_text: the key start is missing",
        f"line {line_of(text, 'starting')}: patient_text: starting is not a patient-text key",
        f"line {line_of(text, 'back = 3')}: patient_text: back must be text, not blank",
    ]


def test_a_file_with_only_some_parts_is_read_with_those_parts() -> None:
    head, rest = VALID.split("[patient_text]")
    auditc = "[auditc]" + rest.split("[auditc]")[1]
    reading = read_translation(head + auditc)
    assert reading.translation is not None and list(reading.translation.parts) == ["auditc"]


def test_text_is_stored_without_surrounding_space() -> None:
    reading = read_translation(VALID.replace('start = "[', 'start = "  ['))
    assert reading.translation is not None
    assert reading.translation.parts["patient_text"]["start"] == "[Šţåŕţ one]"


HEADER = VALID.split("\n\n[patient_text]")[0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda t: t.replace('language = "en-XA"', 'language = "Somali"'),
            'line 3: language must be a BCP 47 tag such as "so" or "pt-BR"',
        ),
        (
            lambda t: t.replace('language = "en-XA"', 'language = "en"'),
            "line 3: English is the master, not a translation",
        ),
        (
            lambda t: t.replace("test_language = true", 'test_language = "yes"'),
            "line 4: test_language must be true or false",
        ),
        (lambda t: t.replace('version = "generated"', 'version = ""'), "line 6: provenance: version must be given"),
        (
            lambda t: t.replace('version = "generated"', f'version = "{"9" * 41}"'),
            "line 8: provenance: version must be 40 characters or fewer",
        ),
        (
            lambda t: t.replace('version = "generated"', 'version = "1"\nurl = "x"'),
            "line 9: provenance: unknown key url",
        ),
        (lambda t: t.split("[provenance]")[0], "[provenance] with source, version and licence is missing"),
        (
            lambda t: t + '\n[vital5]\nleadIn = "x"\n',
            "unknown key or part vital5: the parts are patient_text, phq9, gad7, phq4, auditc",
        ),
        (
            lambda t: HEADER.replace("test_language = true", 'test_language = true\nphq9 = "all of it"'),
            "line 5: phq9 must be a table, [phq9]",
        ),
        (lambda t: t + "\n= broken", "the file is not valid TOML: "),
    ],
)
def test_a_broken_header_is_refused_naming_the_line(change, expected: str) -> None:
    assert expected in "\n".join(problems(change(VALID)))


def test_a_file_with_no_part_is_refused() -> None:
    assert problems(HEADER) == ["the file holds no part: give one or more of patient_text, phq9, gad7, phq4, auditc"]


@pytest.mark.parametrize(("where", "needle"), [('start = "[', "start"), ('text = "[Ţĥöûĝĥţš', "phq9_9"),
                                               ('label = "[Ñéṽéŕ', "auditc_1"), ('leadIn = "[Ţĥé ñéẋţ', "leadIn")])  # fmt: skip
def test_a_hidden_direction_override_in_a_real_translation_is_refused(where: str, needle: str) -> None:
    text = VALID.replace("test_language = true", "test_language = false").replace(where, where + "\\u202e", 1)
    (found,) = problems(text)
    assert "contains a hidden control character (U+202E), which can disguise the text beside it" in found
    assert found.startswith("line ")


def test_line_breaks_and_right_to_left_marks_are_allowed_in_a_real_translation() -> None:
    text = VALID.replace("test_language = true", "test_language = false").replace('start = "[', 'start = "\\u200f[')
    assert read_translation(text).problems == ()
