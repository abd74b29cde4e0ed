"""The English master of each translatable part, its fingerprint, and a translation applied to it.

Design decisions (issue 16, clinical reference s9):
- A part is an instrument offered on the tablet (`TRANSLATED_INSTRUMENTS`) or the patient
  text. A translation supplies text only; `translated_instrument` starts from the master
  and replaces the lead-in, item texts and option labels (`dataclasses.replace`), so
  linkIds, option values, codes, scores, bands and rules are always the master's.
- Content is plain data (what a translation file holds for a part, and what the database
  stores as JSON): `{"leadIn": ..., "item": [{"linkId", "text", "answerOption": [{"value",
  "label"}]}]}` for an instrument, `{key: text}` for the patient text.
- `master_fingerprint` is the SHA-256 of the master's text strings for a part, in order.
  A translation records the fingerprint of the master it was made from; when the master's
  wording changes, the fingerprints differ and the translation needs review.
- The patient text's `language` key names the file's language for people; it is not
  translated text, so a translation neither supplies nor is checked for it.

Pure module: standard library and the instrument loader only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, replace
from typing import Any

from questionnaires.loader import load_instrument
from questionnaires.model import Instrument
from questionnaires.patient_text import PatientText, patient_text

PATIENT_TEXT = "patient_text"
TRANSLATED_INSTRUMENTS = ("phq9", "gad7", "phq4", "auditc")
PARTS = (PATIENT_TEXT, *TRANSLATED_INSTRUMENTS)
TEXT_KEYS = tuple(f.name for f in fields(PatientText) if f.name != "language")

Content = dict[str, Any]


def instrument_content(instrument: Instrument) -> Content:
    """An instrument's wording in the translation format."""
    return {
        "leadIn": instrument.lead_in,
        "item": [
            {
                "linkId": item.link_id,
                "text": item.text,
                "answerOption": [{"value": o.value, "label": o.label} for o in item.answer_options],
            }
            for item in instrument.items
        ],
    }


def patient_text_content(text: PatientText) -> Content:
    return {key: getattr(text, key) for key in TEXT_KEYS}


def master_content(part: str) -> Content:
    """The shipped English master of `part` (never a site's own patient text)."""
    if part == PATIENT_TEXT:
        return patient_text_content(patient_text())
    return instrument_content(load_instrument(part))


def text_strings(content: Content) -> list[str]:
    """Every text string of a part's content, in order (values and linkIds left out)."""
    if "item" not in content:
        return [content[key] for key in TEXT_KEYS if key in content]
    strings = [content["leadIn"]]
    for item in content["item"]:
        strings.append(item["text"])
        strings.extend(option["label"] for option in item["answerOption"])
    return strings


def fingerprint(content: Content) -> str:
    encoded = json.dumps(text_strings(content), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def master_fingerprint(part: str) -> str:
    return fingerprint(master_content(part))


def translated_instrument(master: Instrument, content: Content) -> Instrument:
    """The master with the translation's words; call only with content checked against it."""
    texts = {item["linkId"]: item for item in content["item"]}
    items = []
    for item in master.items:
        given = texts[item.link_id]
        labels = [option["label"] for option in given["answerOption"]]
        options = tuple(replace(o, label=label) for o, label in zip(item.answer_options, labels, strict=True))
        items.append(replace(item, text=given["text"], answer_options=options))
    return replace(master, lead_in=content["leadIn"], items=tuple(items))


def translated_patient_text(master: PatientText, content: Content, language: str) -> PatientText:
    """The patient text in `language` (its BCP 47 tag); content checked against the master."""
    return replace(master, language=language, **{key: content[key] for key in TEXT_KEYS})
