"""One sitting as a FHIR R4 Bundle: questionnaires, responses, totals, Vital 5 and flags.

Design decisions:
- A `collection` Bundle per sitting, readable on its own: for each instrument answered,
  its Questionnaire and QuestionnaireResponse (`screening.exports.rules.fhir_questionnaires`),
  an Observation per coded total and per Vital 5 measure (`screening.exports.rules.fhir_observations`;
  clinical reference, sections 1-5), and a Flag per flag of the sitting
  (`screening.exports.rules.fhir_flags`, section 6). docs/fhir.md describes each resource.
- A completed sitting's responses are "completed"; an abandoned one's (or an in-progress
  one's) are "stopped" ("in-progress"), authored when it ended (or started). A declined
  sitting has no answers and no Bundle.
- The patient is referenced by NHS number only (identifier system
  https://fhir.nhs.uk/Id/nhs-number): no name or date of birth travels in the Bundle.
- Answers recorded against another version of an instrument than the one installed are
  refused (ConflictError), never presented against the wrong wording (section 8).
- Resource ids are UUIDs derived from the sitting's random key (under a fixed namespace,
  whatever the configured canonical base), so exporting a sitting twice gives the same
  file. Every resource is validated with the fhir.resources R4B models (the closest to
  R4); a failure is a programming error (pydantic's ValidationError). Questionnaires are
  validated once per process and base: they never change. The JSON written is the
  validated dict itself (fhir.resources' own serialiser is far slower). Pure module:
  records in, JSON out.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from questionnaires import load_instrument
from screening.clinical.rules.stored_answers import value_from_columns
from screening.errors import ConflictError
from screening.exports.rules.export_records import SittingRecord
from screening.exports.rules.fhir_flags import flag_resource
from screening.exports.rules.fhir_observations import coded_totals, observation, vital_measures, vital_observation
from screening.exports.rules.fhir_questionnaires import (
    DEFAULT_CANONICAL_BASE,
    RESPONSE_STATUS,
    Value,
    questionnaire,
    questionnaire_response,
)

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
INSTRUMENT_ORDER = ("phq4", "phq9", "gad7", "auditc", "vital5")
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, DEFAULT_CANONICAL_BASE)


def bundle_json(record: SittingRecord, base: str = DEFAULT_CANONICAL_BASE) -> str:
    return json.dumps(sitting_bundle(record, base), ensure_ascii=False, separators=(",", ":"))


def sitting_bundle(record: SittingRecord, base: str = DEFAULT_CANONICAL_BASE) -> dict[str, Any]:
    """The validated Bundle (as a dict) for one completed, abandoned or in-progress sitting;
    read only (the Questionnaire entries are shared between Bundles)."""
    if record.status not in RESPONSE_STATUS:
        raise ValueError(f"a {record.status} sitting has no FHIR Bundle")
    subject = {"type": "Patient", "identifier": {"system": NHS_NUMBER_SYSTEM,
                                                  "value": record.patient.nhs_number}}  # fmt: skip
    authored = (record.completed_at or record.ended_at or record.started_at).isoformat()
    patient_alone = record.mode == "self" or record.remote
    entries: list[tuple[dict[str, Any], Any]] = []
    response_ids: dict[str, str] = {}
    grouped = _answers_by_instrument(record)
    for instrument_id, answers in grouped.items():
        instrument = load_instrument(instrument_id)
        entries.append(_questionnaire(instrument_id, base))
        response_id = response_ids[instrument_id] = _id(record, f"{instrument_id}/response")
        response = questionnaire_response(
            instrument, answers, resource_id=response_id, subject=subject, authored=authored,
            language=record.language, status=record.status, patient_alone=patient_alone, base=base,
        )  # fmt: skip
        entries.append((response, QuestionnaireResponse.model_validate(response)))
        for codes, total, note, band in coded_totals(instrument, record.score(instrument_id), answers):
            resource = observation(
                codes, total, resource_id=_id(record, f"{instrument_id}/{codes[0].code}"), subject=subject,
                effective=authored, derived_from=f"urn:uuid:{response_id}", note=note, band=band,
            )  # fmt: skip
            entries.append((resource, Observation.model_validate(resource)))
    vital5 = f"urn:uuid:{response_ids['vital5']}" if "vital5" in response_ids else None
    scores = {s.instrument_id: s for s in record.scores}
    for part, fields, category in vital_measures(
        scores, grouped.get("vital5", {}), f"{base}/CodeSystem/smoking_status"
    ):
        resource = vital_observation(fields, category, resource_id=_id(record, f"vital5/{part}"), subject=subject,
                                     effective=authored, derived_from=vital5)  # fmt: skip
        entries.append((resource, Observation.model_validate(resource)))
    for number, flag in enumerate(record.flags):
        resource = flag_resource(flag, resource_id=_id(record, f"flag/{number}/{flag.rule_code}"), subject=subject,
                                 base=base)  # fmt: skip
        entries.append((resource, Flag.model_validate(resource)))
    bundle = {
        "resourceType": "Bundle", "id": _id(record, "bundle"), "type": "collection", "timestamp": authored,
    }  # fmt: skip
    Bundle.model_validate({**bundle, "entry": [{"fullUrl": _full_url(r), "resource": m} for r, m in entries]})
    return {**bundle, "entry": [{"fullUrl": _full_url(r), "resource": r} for r, _ in entries]}


@cache
def _questionnaire(instrument_id: str, base: str) -> tuple[dict[str, Any], Questionnaire]:
    resource = questionnaire(load_instrument(instrument_id), base)
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
