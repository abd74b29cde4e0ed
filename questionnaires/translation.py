"""A translation file: one language, its provenance, and the text of one or more parts (issue 16).

The format (TOML, `questionnaires/translations/<tag>.toml` for the shipped pseudo-locales,
docs/languages.md for a translator):

    language = "so"                 # BCP 47 tag
    test_language = false           # true only for a generated pseudo-locale
    [provenance]                    # where the published, validated translation came from
    source = "..."
    version = "..."
    licence = "..."
    [patient_text]                  # every key of questionnaires/text/en.toml but `language`
    start = "..."
    [phq9]                          # any of phq9, gad7, phq4, auditc
    leadIn = "..."
    [[phq9.item]]                   # every master item, in the master's order
    linkId = "phq9_1"
    text = "..."
    answerOption = [{ value = 0, label = "..." }, ...]   # the master's values, in order

`read_translation` checks all of it against the English master (`translation_check`) and
returns every problem, or the translation with its content normalised (text stripped) for
storage. `check_stored` checks stored content against the current master again, since the
master may have changed since the import.

Pure module: standard library and `screening.text_safety` (hazard H5).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from questionnaires.loader import load_instrument
from questionnaires.patient_text import patient_text
from questionnaires.translation_check import Locator, Problem, check_instrument, check_patient_text
from questionnaires.translation_header import PROVENANCE_KEYS, header_problems
from questionnaires.translation_master import PARTS, PATIENT_TEXT, Content
from screening.text_safety import BIDI_CONTROLS, is_unsafe

# Line breaks, and the marks that place punctuation in right-to-left text (they cannot reorder it).
_ALLOWED_CONTROLS = frozenset("\n\u200e\u200f\u061c")


@dataclass(frozen=True)
class Provenance:
    """The published, validated translation this file's text comes from."""

    source: str
    version: str
    licence: str


@dataclass(frozen=True)
class Translation:
    language: str
    test_language: bool
    provenance: Provenance
    parts: Mapping[str, Content]  # in PARTS order


@dataclass(frozen=True)
class TranslationReading:
    """A file read and checked: the translation when there is no problem, else the problems."""

    translation: Translation | None
    problems: tuple[Problem, ...]


def check_stored(part: str, content: Content) -> list[Problem]:
    """Problems of a part's content against the current master (no file, so no lines)."""
    return _check_part(part, content, Locator())


def _check_part(part: str, content: Content, where: Locator) -> list[Problem]:
    if part == PATIENT_TEXT:
        return check_patient_text(patient_text(), content, where)
    return check_instrument(load_instrument(part), content, where)


def read_translation(text: str) -> TranslationReading:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return TranslationReading(None, (Problem(None, f"the file is not valid TOML: {error}"),))
    where = Locator(text)
    problems = header_problems(data, where)
    parts = {part: data[part] for part in PARTS if part in data}
    for part, content in parts.items():
        if not isinstance(content, dict):
            problems.append(Problem(where.find(rf"^\s*{part}\s*="), f"{part} must be a table, [{part}]"))
        else:
            found = _check_part(part, content, where)
            test_language = data.get("test_language") is True
            problems += found or ([] if test_language else _hidden_controls(part, content, where))
    if not parts:
        problems.append(Problem(None, f"the file holds no part: give one or more of {', '.join(PARTS)}"))
    if problems:
        return TranslationReading(None, tuple(problems))
    provenance = Provenance(*(data["provenance"][key].strip() for key in PROVENANCE_KEYS))
    normalised = {part: _stripped(content) for part, content in parts.items()}
    return TranslationReading(
        Translation(data["language"], data.get("test_language", False), provenance, normalised), ()
    )


def _hidden_controls(part: str, content: Content, where: Locator) -> list[Problem]:
    """Hidden controls in a translation (hazard H5): a direction override could disguise the
    text beside it. Only a generated test language (ar-XB) may use them."""
    if "item" in content:
        texts = [(where.key(part, "leadIn"), "leadIn", content["leadIn"])]
        for item in content["item"]:
            strings = [item["text"], *(option["label"] for option in item.get("answerOption", []))]
            texts += [(where.item(part, item["linkId"]), item["linkId"], text) for text in strings]
    else:
        texts = [(where.key(part, key), key, text) for key, text in content.items()]
    problems = []
    for line, name, text in texts:
        found = next((c for c in text if c not in _ALLOWED_CONTROLS and (is_unsafe(c) or c in BIDI_CONTROLS)), None)
        if found is not None:
            problems.append(Problem(line, f"{part}: {name} contains a hidden control character (U+{ord(found):04X}), which can disguise the text beside it; remove it"))  # fmt: skip
    return problems


def _stripped(content: Content) -> Content:
    if "item" not in content:
        return {key: value.strip() for key, value in content.items()}
    items = [
        {
            "linkId": item["linkId"],
            "text": item["text"].strip(),
            "answerOption": [{"value": o["value"], "label": o["label"].strip()} for o in item.get("answerOption", [])],
        }
        for item in content["item"]
    ]
    return {"leadIn": content["leadIn"].strip(), "item": items}
