"""Total scores and Vital 5 measures as FHIR R4 Observations (clinical reference, sections 1-5).

Design decisions:
- One Observation per scored total, coded with LOINC where the reference gives a code and
  SNOMED CT beside it, which UK systems key on: PHQ-9 total LOINC 44261-6 + SNOMED CT
  720433000 (s1), GAD-7 total 70274-6 + 445455005 (s2), PHQ-4 total 70272-0 (s3), the
  PHQ-2 total 55758-7 (s3) for the PHQ-4's depression half, and the AUDIT-C total with
  SNOMED CT 763256006 only: the UK units version is not the LOINC one, so 75626-2 (the US
  AUDIT-C total) is never sent (s5).
- A total is the stored score, never recomputed: what the clinic saw is what is sent.
  An incomplete result (s4) has no total and so no Observation; a prorated one says so
  in a note, with the raw sum. The band is interpretation text only: a band is never
  sent as a LOINC value (44262-4 is deprecated).
- The PHQ-2 half has no stored row: it is the sum of its two items, sent only when both
  are answered (the PHQ-4 is never prorated, s3).
- Vital 5 (s5) as vital-signs Observations with UCUM units: the recorded blood pressure
  (the stored "bp" score: the lower of the last two readings) as a 85354-9 panel with
  8480-6 / 8462-4 components in mm[Hg]; body height 8302-2 in cm (stored in metres,
  converted because the FHIR vital-signs profile binds cm); body weight 29463-7 in kg;
  BMI 39156-5 in kg/m2 with its category as interpretation text; smoking status 72166-2
  (social-history) with the stored SMOKING STATUS CODE as a coding in our code system.
Pure module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires import Instrument
from questionnaires.model import Coding
from screening.exports.rules.export_records import ScoreFacts

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SURVEY = {"system": CATEGORY, "code": "survey"}
VITAL_SIGNS = {"system": CATEGORY, "code": "vital-signs"}
SOCIAL_HISTORY = {"system": CATEGORY, "code": "social-history"}
# Codes for totals beside (or instead of) those in the instrument files.
TOTAL_CODES: dict[str, tuple[Coding, ...]] = {
    "phq9": (Coding(SNOMED, "720433000", "Patient Health Questionnaire Nine Item score"),),
    "gad7": (Coding(SNOMED, "445455005", "Generalized Anxiety Disorder 7 item score"),),
    "phq4": (Coding(LOINC, "70272-0", "Patient Health Questionnaire-4 total score"),),
    "auditc": (Coding(SNOMED, "763256006", "Alcohol Use Disorders Identification Test - Consumption score"),),
}
BP_PANEL = Coding(LOINC, "85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = Coding(LOINC, "8480-6", "Systolic blood pressure")
DIASTOLIC = Coding(LOINC, "8462-4", "Diastolic blood pressure")
HEIGHT = Coding(LOINC, "8302-2", "Body height")
WEIGHT = Coding(LOINC, "29463-7", "Body weight")
BMI = Coding(LOINC, "39156-5", "Body mass index (BMI) [Ratio]")
SMOKING = Coding(LOINC, "72166-2", "Tobacco smoking status")

Total = tuple[tuple[Coding, ...], int, str | None, str | None]


def coded_totals(instrument: Instrument, stored: ScoreFacts | None, answers: Mapping[str, object]) -> list[Total]:
    """(codes, total, note, band) for each coded total this sitting has."""
    found: list[Total] = []
    if instrument.score is None:
        return found
    codes = instrument.score.code + TOTAL_CODES.get(instrument.id, ())
    if codes and stored is not None and stored.total is not None:
        note = None
        if stored.prorated:
            note = f"Prorated total (clinical reference s4); raw sum {stored.raw_sum}."
        found.append((codes, stored.total, note, stored.band))
    for part in instrument.score.subscales:
        values = [answers.get(link_id) for link_id in part.items]
        if part.code and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            found.append((part.code, sum(values), None, None))  # type: ignore[arg-type]
    return found


def _concept(*codes: Coding) -> dict[str, Any]:
    return {"coding": [{"system": c.system, "code": c.code, **({"display": c.display} if c.display else {})}
                       for c in codes]}  # fmt: skip


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _base(code: dict[str, Any], category: dict[str, str], *, resource_id: str, subject: dict[str, Any],
          effective: str, derived_from: str | None) -> dict[str, Any]:  # fmt: skip
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": resource_id, "status": "final", "category": [{"coding": [category]}],
        "code": code, "subject": subject, "effectiveDateTime": effective,
    }  # fmt: skip
    if derived_from:
        resource["derivedFrom"] = [{"reference": derived_from}]
    return resource


def observation(
    codes: tuple[Coding, ...],
    total: int,
    *,
    resource_id: str,
    subject: dict[str, Any],
    effective: str,
    derived_from: str,
    note: str | None = None,
    band: str | None = None,
) -> dict[str, Any]:
    resource = _base(_concept(*codes), SURVEY, resource_id=resource_id, subject=subject, effective=effective,
                     derived_from=derived_from)  # fmt: skip
    resource["valueInteger"] = total
    if band:
        resource["interpretation"] = [{"text": band}]
    if note:
        resource["note"] = [{"text": note}]
    return resource


def vital_measures(
    scores: Mapping[str, ScoreFacts], answers: Mapping[str, object], smoking_system: str
) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """(part, code and value fields, category) for each Vital 5 measure stored: the blood
    pressure, BMI and smoking Score rows, and the height and weight answers."""
    found: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    bp = scores.get("bp")
    if bp is not None and bp.detail and "/" in bp.detail:
        systolic, diastolic = (int(part) for part in bp.detail.split("/", 1))
        fields: dict[str, Any] = {"code": _concept(BP_PANEL), "component": [
            {"code": _concept(SYSTOLIC), "valueQuantity": _quantity(systolic, "mm[Hg]")},
            {"code": _concept(DIASTOLIC), "valueQuantity": _quantity(diastolic, "mm[Hg]")},
        ]}  # fmt: skip
        if bp.band:
            fields["interpretation"] = [{"text": bp.band}]
        found.append(("bp", fields, VITAL_SIGNS))
    height, weight = answers.get("height_m"), answers.get("weight_kg")
    if isinstance(height, (int, float)):
        found.append(("height", {"code": _concept(HEIGHT), "valueQuantity": _quantity(round(height * 100, 1), "cm")},
                      VITAL_SIGNS))  # fmt: skip
    if isinstance(weight, (int, float)):
        found.append(("weight", {"code": _concept(WEIGHT), "valueQuantity": _quantity(weight, "kg")}, VITAL_SIGNS))
    bmi = scores.get("bmi")
    if bmi is not None and bmi.value is not None:
        fields = {"code": _concept(BMI), "valueQuantity": _quantity(bmi.value, "kg/m2")}
        if bmi.band:
            fields["interpretation"] = [{"text": bmi.band}]
        found.append(("bmi", fields, VITAL_SIGNS))
    smoking = scores.get("smoking")
    if smoking is not None and smoking.detail:
        answer = Coding(smoking_system, smoking.detail, smoking.band or "")
        value = {**_concept(answer), **({"text": smoking.band} if smoking.band else {})}
        found.append(("smoking", {"code": _concept(SMOKING), "valueCodeableConcept": value}, SOCIAL_HISTORY))
    return found


def vital_observation(
    fields: dict[str, Any],
    category: dict[str, str],
    *,
    resource_id: str,
    subject: dict[str, Any],
    effective: str,
    derived_from: str | None,
) -> dict[str, Any]:
    resource = _base(fields["code"], category, resource_id=resource_id, subject=subject, effective=effective,
                     derived_from=derived_from)  # fmt: skip
    return {**resource, **{k: v for k, v in fields.items() if k != "code"}}
