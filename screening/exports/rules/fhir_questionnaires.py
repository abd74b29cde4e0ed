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
- "Prefer not to answer" (section 4) is an answer with no value carrying the standard
  data-absent-reason extension `asked-declined` (so a required item is answered, and
  never with a 0 or a made-up option).
- The status follows the sitting: completed -> "completed", in progress -> "in-progress",
  abandoned -> "stopped". Who answered: a patient alone (mode self, or a remote sitting
  begun from a secure link) is the response's `source` (the Patient); an assisted sitting
  has `author` = display "clinic staff (assisted)": no staff name or internal id leaves.
- The canonical base (Questionnaire URLs, local code systems) is configurable:
  `canonical_base(environ)` reads SCREENING_FHIR_BASE; unset, it is DEFAULT_CANONICAL_BASE,
  under the reserved `.invalid` domain, which can never resolve nor collide with a real
  one, until the trust names its own (docs/fhir.md). Pure module: dicts in, dicts out;
  validation is fhir_bundle's; the environment is passed in, never read here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from questionnaires import Instrument
from questionnaires.model import AnswerOption, Coding, Item
from screening.clinical.rules.answers import DECLINED
from screening.errors import InvalidValue

LOINC = "http://loinc.org"
DEFAULT_CANONICAL_BASE = "https://mind-and-body-screening.invalid/fhir"
CANONICAL_BASE_ENV = "SCREENING_FHIR_BASE"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

# Panel codes the reference gives that the instrument file does not carry (s3).
PANEL_CODES: dict[str, tuple[Coding, ...]] = {"phq4": (Coding(LOINC, "69724-3", "Patient Health Questionnaire-4"),)}
RESPONSE_STATUS = {"completed": "completed", "in_progress": "in-progress", "abandoned": "stopped"}
ASSISTED_AUTHOR = "clinic staff (assisted)"
_BASE = re.compile(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~/-]*)?")

Value = int | float | str


def canonical_base(environ: Mapping[str, str]) -> str:
    """The FHIR canonical base: SCREENING_FHIR_BASE, without a trailing slash, or the default."""
    base = (environ.get(CANONICAL_BASE_ENV) or "").strip().rstrip("/")
    if not base:
        return DEFAULT_CANONICAL_BASE
    if _BASE.fullmatch(base) is None:
        raise InvalidValue(
            CANONICAL_BASE_ENV, f"'{base}' is not an http(s) URL such as https://fhir.example.nhs.uk/R4."
        )
    return base


def questionnaire_url(instrument: Instrument, base: str = DEFAULT_CANONICAL_BASE) -> str:
    return f"{base}/Questionnaire/{instrument.id}"


def _codings(codes: tuple[Any, ...]) -> list[dict[str, str]]:
    return [{"system": c.system, "code": c.code, **({"display": c.display} if c.display else {})} for c in codes]


def option_coding(item: Item, option: AnswerOption, base: str = DEFAULT_CANONICAL_BASE) -> dict[str, Any]:
    """The coding of one answer option: LOINC where the option has an LA code."""
    if option.code:
        coding: dict[str, Any] = {"system": LOINC, "code": option.code, "display": option.label}
    else:
        system = f"{base}/CodeSystem/{item.link_id}"
        coding = {"system": system, "code": str(option.value), "display": option.label}
    if item.scored:
        coding["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": option.value}]
    return coding


def questionnaire(instrument: Instrument, base: str = DEFAULT_CANONICAL_BASE) -> dict[str, Any]:
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
            entry["answerOption"] = [{"valueCoding": option_coding(item, o, base)} for o in item.answer_options]
        items.append(entry)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire", "id": instrument.id, "url": questionnaire_url(instrument, base),
        "version": instrument.version, "title": instrument.title, "status": instrument.status,
        "copyright": instrument.copyright, "item": items,
    }  # fmt: skip
    codes = instrument.code or PANEL_CODES.get(instrument.id, ())
    if codes:
        resource["code"] = _codings(codes)
    return resource


def response_item(item: Item, value: Value, base: str = DEFAULT_CANONICAL_BASE) -> dict[str, Any]:
    """One answered (or declined) item of a QuestionnaireResponse."""
    entry: dict[str, Any] = {"linkId": item.link_id, "text": item.text}
    if value == DECLINED:
        entry["answer"] = [{"extension": [{"url": DATA_ABSENT_REASON, "valueCode": "asked-declined"}]}]
    elif item.type == "choice":
        entry["answer"] = [{"valueCoding": option_coding(item, item.option(value), base)}]
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
    status: str = "completed",
    patient_alone: bool = True,
    base: str = DEFAULT_CANONICAL_BASE,
) -> dict[str, Any]:
    """The answers to one instrument, in the instrument's item order; `language` is the
    sitting's language of administration, a BCP 47 tag (Resource.language, issue 16);
    `status` the sitting's; `patient_alone` whether the patient answered without staff."""
    who = {"source": subject} if patient_alone else {"author": {"display": ASSISTED_AUTHOR}}
    return {
        "resourceType": "QuestionnaireResponse", "id": resource_id, **({"language": language} if language else {}),
        "questionnaire": f"{questionnaire_url(instrument, base)}|{instrument.version}",
        "status": RESPONSE_STATUS[status], "subject": subject, "authored": authored, **who,
        "item": [response_item(i, answers[i.link_id], base) for i in instrument.items if i.link_id in answers],
    }  # fmt: skip
