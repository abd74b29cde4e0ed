"""One completed sitting as a FHIR R4 Bundle: questionnaires, responses and totals.

Design decisions:
- A `collection` Bundle per sitting, readable on its own: for each instrument answered,
  its Questionnaire and QuestionnaireResponse (`screening.exports.rules.fhir_questionnaires`), and an
  Observation per LOINC-coded total (`screening.exports.rules.fhir_observations`; clinical reference,
  sections 1-3).
- The patient is referenced by NHS number only (identifier system
  https://fhir.nhs.uk/Id/nhs-number): no name or date of birth travels in the Bundle.
- Answers recorded against another version of an instrument than the one installed are
  refused (ConflictError), never presented against the wrong wording (section 8).
- Resource ids are UUIDs derived from the sitting's random key, so exporting a sitting
  twice gives the same file. Every resource is validated with the fhir.resources R4B
  models (the closest to R4); a failure is a programming error (pydantic's
  ValidationError). Questionnaires are validated once per process: they never change.
  The JSON written is the validated dict itself (fhir.resources' own serialiser is far
  slower). Pure module: records in, JSON out.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from questionnaires import load_instrument
from screening.clinical.rules.stored_answers import value_from_columns
from screening.errors import ConflictError
from screening.exports.rules.export_records import SittingRecord
from screening.exports.rules.fhir_observations import coded_totals, observation
from screening.exports.rules.fhir_questionnaires import CANONICAL_BASE, Value, questionnaire, questionnaire_response

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
INSTRUMENT_ORDER = ("phq4", "phq9", "gad7", "auditc", "vital5")
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, CANONICAL_BASE)


def bundle_json(record: SittingRecord) -> str:
    return json.dumps(sitting_bundle(record), ensure_ascii=False, separators=(",", ":"))


def sitting_bundle(record: SittingRecord) -> dict[str, Any]:
    """The validated Bundle (as a dict) for one completed sitting; read only (the
    Questionnaire entries are shared between Bundles)."""
    if record.completed_at is None:
        raise ValueError("only a completed sitting has a FHIR Bundle")
    subject = {"type": "Patient", "identifier": {"system": NHS_NUMBER_SYSTEM,
                                                  "value": record.patient.nhs_number}}  # fmt: skip
    authored = record.completed_at.isoformat()
    entries: list[tuple[dict[str, Any], Any]] = []
    for instrument_id, answers in _answers_by_instrument(record).items():
        instrument = load_instrument(instrument_id)
        entries.append(_questionnaire(instrument_id))
        response_id = _id(record, f"{instrument_id}/response")
        response = questionnaire_response(
            instrument, answers, resource_id=response_id, subject=subject, authored=authored, language=record.language
        )
        entries.append((response, QuestionnaireResponse.model_validate(response)))
        for code, total, note, band in coded_totals(instrument, record.score(instrument_id), answers):
            resource = observation(
                code, total, resource_id=_id(record, f"{instrument_id}/{code.code}"), subject=subject,
                effective=authored, derived_from=f"urn:uuid:{response_id}", note=note, band=band,
            )  # fmt: skip
            entries.append((resource, Observation.model_validate(resource)))
    bundle = {
        "resourceType": "Bundle", "id": _id(record, "bundle"), "type": "collection", "timestamp": authored,
    }  # fmt: skip
    Bundle.model_validate({**bundle, "entry": [{"fullUrl": _full_url(r), "resource": m} for r, m in entries]})
    return {**bundle, "entry": [{"fullUrl": _full_url(r), "resource": r} for r, _ in entries]}


@cache
def _questionnaire(instrument_id: str) -> tuple[dict[str, Any], Questionnaire]:
    resource = questionnaire(load_instrument(instrument_id))
    return resource, Questionnaire.model_validate(resource)


def _id(record: SittingRecord, part: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{record.sitting_key}/{part}"))


def _full_url(resource: dict[str, Any]) -> str:
    if resource["resourceType"] == "Questionnaire":
        return str(resource["url"])
    return f"urn:uuid:{resource['id']}"


def _answers_by_instrument(record: SittingRecord) -> dict[str, dict[str, Value]]:
    grouped: dict[str, dict[str, Value]] = {}
    for a in record.answers:
        installed = load_instrument(a.instrument_id)
        if not installed.reads_answers_of(a.instrument_version):  # its own version, or one in answersFrom
            raise ConflictError(
                f"Sitting {record.sitting_id} was answered with {a.instrument_id} version "
                f"{a.instrument_version}, but version {installed.version} is installed: it cannot be exported safely."
            )
        grouped.setdefault(a.instrument_id, {})[a.item_id] = value_from_columns(
            a.value_number, a.value_code, a.declined
        )
    return {i: grouped[i] for i in INSTRUMENT_ORDER if i in grouped}
