"""Instruments and their answers as FHIR R4 Questionnaire and QuestionnaireResponse.

Design decisions:
- FHIR R4 (UK Core is R4) has no code on a QuestionnaireResponse item: an item's LOINC
  code lives on the Questionnaire item with the same linkId. So every exported Bundle
  carries the Questionnaire of each instrument it answers, built from the instrument
  file (`questionnaires/*.toml`, checked against the clinical reference, sections 1-3
  and 5), and the response names it by canonical URL and the version answered.
- Answers are `valueCoding`. Where the reference lists a LOINC answer code (LL358-3 and
  LL359-1, section 1) the coding is LOINC; the AUDIT-C UK (section 5: not the LOINC
  version) and SMOKING STATUS CODE answers have none, so they use a code system named
  under this product's canonical base. A scored answer also carries its item score in
  the standard R4 `ordinalValue` extension. Measures are `valueInteger` / `valueDecimal`.
- "Prefer not to answer" (section 4) is an item with no answer and the standard
  data-absent-reason extension `asked-declined`: never a 0, never a made-up option.
- CANONICAL_BASE is a placeholder under the reserved `.invalid` domain until the trust
  names its own FHIR base. Pure module: dicts in, dicts out; validation is fhir_bundle's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires import Instrument
from questionnaires.model import AnswerOption, Item
from screening.clinical.rules.answers import DECLINED

LOINC = "http://loinc.org"
CANONICAL_BASE = "https://mind-and-body-screening.invalid/fhir"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

Value = int | float | str


def questionnaire_url(instrument: Instrument) -> str:
    return f"{CANONICAL_BASE}/Questionnaire/{instrument.id}"


def _codings(codes: tuple[Any, ...]) -> list[dict[str, str]]:
    return [{"system": c.system, "code": c.code, **({"display": c.display} if c.display else {})} for c in codes]


def option_coding(item: Item, option: AnswerOption) -> dict[str, Any]:
    """The coding of one answer option: LOINC where the option has an LA code."""
    if option.code:
        coding: dict[str, Any] = {"system": LOINC, "code": option.code, "display": option.label}
    else:
        system = f"{CANONICAL_BASE}/CodeSystem/{item.link_id}"
        coding = {"system": system, "code": str(option.value), "display": option.label}
    if item.scored:
        coding["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": option.value}]
    return coding


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR Questionnaire (item wording, codes and answer options)."""
    items = []
    for item in instrument.items:
        entry: dict[str, Any] = {
            "linkId": item.link_id, "text": item.text, "type": item.type, "required": item.required,
        }  # fmt: skip
        if item.code:
            entry["code"] = _codings(item.code)
        if item.answer_value_set:  # a LOINC answer list (LL358-3, LL359-1): named, not copied
            entry["answerValueSet"] = item.answer_value_set
        elif item.answer_options:
            entry["answerOption"] = [{"valueCoding": option_coding(item, o)} for o in item.answer_options]
        items.append(entry)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire", "id": instrument.id, "url": questionnaire_url(instrument),
        "version": instrument.version, "title": instrument.title, "status": instrument.status,
        "copyright": instrument.copyright, "item": items,
    }  # fmt: skip
    if instrument.code:
        resource["code"] = _codings(instrument.code)
    return resource


def response_item(item: Item, value: Value) -> dict[str, Any]:
    """One answered (or declined) item of a QuestionnaireResponse."""
    entry: dict[str, Any] = {"linkId": item.link_id, "text": item.text}
    if value == DECLINED:
        entry["extension"] = [{"url": DATA_ABSENT_REASON, "valueCode": "asked-declined"}]
    elif item.type == "choice":
        entry["answer"] = [{"valueCoding": option_coding(item, item.option(value))}]
    elif item.type == "integer":
        entry["answer"] = [{"valueInteger": int(value)}]
    else:
        entry["answer"] = [{"valueDecimal": float(value)}]
    return entry


def questionnaire_response(
    instrument: Instrument,
    answers: Mapping[str, Value],
    *,
    resource_id: str,
    subject: dict[str, Any],
    authored: str,
    language: str | None = None,
) -> dict[str, Any]:
    """The answers to one instrument, in the instrument's item order; `language` is the
    sitting's language of administration, a BCP 47 tag (Resource.language, issue 16)."""
    return {
        "resourceType": "QuestionnaireResponse", "id": resource_id, **({"language": language} if language else {}),
        "questionnaire": f"{questionnaire_url(instrument)}|{instrument.version}",
        "status": "completed", "subject": subject, "authored": authored,
        "item": [response_item(i, answers[i.link_id]) for i in instrument.items if i.link_id in answers],
    }  # fmt: skip
