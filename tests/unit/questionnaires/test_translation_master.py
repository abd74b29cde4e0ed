"""A translation applied to the master changes words only; the master's fingerprint follows its text."""

from __future__ import annotations

from dataclasses import replace

from questionnaires import load_instrument
from questionnaires.patient_text import patient_text
from questionnaires.pseudo_locale import TRANSLATIONS_DIR
from questionnaires.translation import check_stored, read_translation
from questionnaires.translation_master import (
    PARTS,
    fingerprint,
    instrument_content,
    master_content,
    master_fingerprint,
    translated_instrument,
    translated_patient_text,
)

ACCENTED = read_translation((TRANSLATIONS_DIR / "en-XA.toml").read_text(encoding="utf-8")).translation
assert ACCENTED is not None


def test_a_translated_instrument_keeps_every_link_id_value_code_score_and_rule_of_the_master() -> None:
    master = load_instrument("phq9")
    translated = translated_instrument(master, ACCENTED.parts["phq9"])
    assert translated.lead_in.startswith("[Öṽéŕ ţĥé ļåšţ 2 ŵééķš")
    assert translated.items[0].text.startswith("[Ļíţţļé íñţéŕéšţ")
    assert translated.items[0].answer_options[0].label.startswith("[Ñöţ åţ åļļ")
    assert translated.score == master.score and translated.link_ids == master.link_ids
    for ours, theirs in zip(translated.items, master.items, strict=True):
        assert replace(ours, text=theirs.text, answer_options=theirs.answer_options) == theirs
        assert [(o.value, o.code) for o in ours.answer_options] == [(o.value, o.code) for o in theirs.answer_options]


def test_translated_patient_text_carries_its_language_tag_and_keeps_the_placeholders() -> None:
    words = translated_patient_text(patient_text(), ACCENTED.parts["patient_text"], "en-XA")
    assert words.language == "en-XA"
    assert words.question_of.format(number=2, total=9) == "[Ǫûéšţíöñ 2 öƒ 9 one two three]"
    assert words.finish == "[Ƒíñíšĥ one]"


def test_the_fingerprint_changes_when_any_master_text_changes_and_not_otherwise() -> None:
    master = load_instrument("auditc")
    same = fingerprint(instrument_content(master))
    assert same == master_fingerprint("auditc") and len(same) == 64
    item = master.items[1]
    relabelled = replace(item, answer_options=(replace(item.answer_options[0], label="0-2"), *item.answer_options[1:]))
    changed = replace(master, items=(master.items[0], relabelled, master.items[2]))
    assert fingerprint(instrument_content(changed)) != same
    assert fingerprint(instrument_content(replace(master, version="9.9.9"))) == same  # text only


def test_every_part_has_a_distinct_fingerprint_and_the_master_checks_clean_against_itself() -> None:
    assert len({master_fingerprint(part) for part in PARTS}) == len(PARTS)
    for part in PARTS:
        assert check_stored(part, master_content(part)) == []
