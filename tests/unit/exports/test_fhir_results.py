"""What a receiving system needs from a sitting's Bundle (issue 18): flags, SNOMED CT beside
LOINC, the PHQ-4 and AUDIT-C totals, the Vital 5 with units, the response's status and who
answered, and a configurable canonical base.

The codes below are typed from the clinical reference and issue 18 (SNOMED CT 720433000,
445455005, 763256006; PHQ-4 panel 69724-3, total 70272-0; blood pressure panel 85354-9 with
8480-6 and 8462-4; 8302-2, 29463-7, 39156-5, 72166-2), not from the modules under test.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from screening.errors import InvalidValue
from screening.exports.rules.export_records import FlagFacts
from screening.exports.rules.fhir_bundle import bundle_json, sitting_bundle
from screening.exports.rules.fhir_questionnaires import DEFAULT_CANONICAL_BASE, canonical_base
from tests.sitting_records import NHS_NUMBER, answers, gad7, phq9, score, sitting

LOINC, SNOMED, UCUM = "http://loinc.org", "http://snomed.info/sct", "http://unitsofmeasure.org"
PRIORITY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/flag-priority"
PRIORITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-priority"
DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
MODELS = {"Questionnaire": Questionnaire, "QuestionnaireResponse": QuestionnaireResponse,
          "Observation": Observation, "Flag": Flag}  # fmt: skip
RAISED = datetime(2026, 6, 30, 23, 40, tzinfo=UTC)
CLOSED = datetime(2026, 7, 1, 9, 15, tzinfo=UTC)
ITEM9 = FlagFacts("phq9_item9_positive", "urgent", "psychological", "PHQ-9 item 9 answered 2 (more than half the days)",
                  "open", RAISED)  # fmt: skip
SEVERE = FlagFacts("phq9_severe", "high", "psychological", "PHQ-9 total 21 (at least 20)", "acknowledged", RAISED)
ROUTINE = FlagFacts("gad7_threshold", "routine", "psychological", "GAD-7 total 12 (at least 10)", "closed", RAISED,
                    CLOSED)  # fmt: skip
SMOKER = FlagFacts("current_smoker", "signpost", "physical", "Current smoker: offer stop-smoking support",
                   "contact_attempted", RAISED)  # fmt: skip
VITAL5 = {"bp_systolic_1": 150, "bp_diastolic_1": 95, "bp_systolic_2": 142, "bp_diastolic_2": 91,
          "height_m": 1.72, "weight_kg": 80.5, "smoking_status": "1"}  # fmt: skip


def everything(**fields: Any) -> Any:
    """A sitting with every instrument, every Vital 5 measure and a flag of each priority."""
    return sitting(
        answers=answers("phq4", {"phq4_1": 2, "phq4_2": 1, "phq4_3": 2, "phq4_4": 2})
        + phq9(3, 3, 3, 3, 2, 2, 2, 1, 2, difficulty=3) + gad7(2, 2, 2, 2, 2, 1, 1)
        + answers("auditc", {"auditc_1": 3, "auditc_2": 2, "auditc_3": 1}) + answers("vital5", VITAL5),
        scores=(score("phq4", 7, "moderate"), score("phq9", 21, "severe"), score("gad7", 12, "moderate"),
                score("auditc", 6, "positive: full AUDIT advised"),
                score("bp", None, "raised", value=142.0, detail="142/91"),
                score("bmi", None, "overweight", value=27.2), score("smoking", None, "Current smoker", detail="1")),
        flags=(ITEM9, SEVERE, ROUTINE, SMOKER), **fields,
    )  # fmt: skip


def of_kind(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def observation(bundle: dict[str, Any], system: str, code: str) -> dict[str, Any]:
    (found,) = [o for o in of_kind(bundle, "Observation")
                if any((c["system"], c["code"]) == (system, code) for c in o["code"]["coding"])]  # fmt: skip
    return found


def flag(bundle: dict[str, Any], rule_code: str) -> dict[str, Any]:
    (found,) = [f for f in of_kind(bundle, "Flag") if f["code"]["coding"][0]["code"] == rule_code]
    return found


def test_a_bundle_with_every_resource_kind_validates_with_the_r4b_models() -> None:
    bundle = json.loads(bundle_json(everything()))
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        MODELS[entry["resource"]["resourceType"]].model_validate(entry["resource"])
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Flag") == 4 and kinds.count("QuestionnaireResponse") == 5


def test_each_flag_is_a_flag_resource_coded_by_its_rule_with_the_reason_as_display() -> None:
    bundle = sitting_bundle(everything())
    item9 = flag(bundle, "phq9_item9_positive")
    assert item9["code"]["coding"][0] == {"system": f"{DEFAULT_CANONICAL_BASE}/CodeSystem/flag-rule",
                                          "code": "phq9_item9_positive", "display": ITEM9.reason}  # fmt: skip
    assert item9["code"]["text"] == ITEM9.reason
    assert item9["subject"]["identifier"] == {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": NHS_NUMBER}
    assert item9["category"][0]["coding"][0]["code"] == "clinical"
    assert flag(bundle, "current_smoker")["category"][1]["coding"][0]["code"] == "physical"


def test_a_positive_item_9_is_an_active_urgent_flag_with_high_priority() -> None:
    item9 = flag(sitting_bundle(everything()), "phq9_item9_positive")
    assert item9["status"] == "active"
    (priority,) = item9["extension"]
    assert priority["url"] == PRIORITY_EXTENSION
    assert priority["valueCodeableConcept"]["coding"][0] == {"system": PRIORITY_SYSTEM, "code": "PH",
                                                             "display": "High priority"}  # fmt: skip


@pytest.mark.parametrize(("rule_code", "code"), [("phq9_item9_positive", "PH"), ("phq9_severe", "PM"),
                                                 ("gad7_threshold", "PL"), ("current_smoker", "PL")])  # fmt: skip
def test_flag_priorities_map_urgent_high_routine_and_signpost_to_ph_pm_pl_pl(rule_code: str, code: str) -> None:
    resource = flag(sitting_bundle(everything()), rule_code)
    assert resource["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == code


@pytest.mark.parametrize(("rule_code", "status"), [("phq9_item9_positive", "active"), ("phq9_severe", "active"),
                                                   ("current_smoker", "active"), ("gad7_threshold", "inactive")])  # fmt: skip
def test_open_acknowledged_and_contacted_flags_are_active_and_closed_ones_inactive(rule_code: str, status: str) -> None:
    assert flag(sitting_bundle(everything()), rule_code)["status"] == status


def test_a_flag_period_starts_when_raised_and_ends_when_closed() -> None:
    bundle = sitting_bundle(everything())
    assert flag(bundle, "phq9_item9_positive")["period"] == {"start": RAISED.isoformat()}
    assert flag(bundle, "gad7_threshold")["period"] == {"start": RAISED.isoformat(), "end": CLOSED.isoformat()}


def test_a_flag_without_its_reason_or_raise_time_is_still_valid_and_named_by_its_rule() -> None:
    bare = FlagFacts("bp_raised", "signpost", "physical")
    resource = flag(sitting_bundle(sitting(flags=(bare,))), "bp_raised")
    Flag.model_validate(resource)
    assert resource["code"]["text"] == "bp_raised" and "display" not in resource["code"]["coding"][0]
    assert "period" not in resource


def test_a_sitting_with_only_flags_is_a_valid_bundle_of_flags() -> None:
    bundle = sitting_bundle(sitting(flags=(ITEM9,)))
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Flag"]


@pytest.mark.parametrize(("loinc", "snomed", "total"), [("44261-6", "720433000", 21), ("70274-6", "445455005", 12)])
def test_phq9_and_gad7_totals_carry_snomed_ct_beside_loinc(loinc: str, snomed: str, total: int) -> None:
    bundle = sitting_bundle(everything())
    resource = observation(bundle, LOINC, loinc)
    assert resource is observation(bundle, SNOMED, snomed)
    assert resource["valueInteger"] == total


def test_the_phq4_total_is_an_observation_and_its_questionnaire_carries_the_panel_code() -> None:
    bundle = sitting_bundle(everything())
    total = observation(bundle, LOINC, "70272-0")
    assert total["valueInteger"] == 7 and total["interpretation"] == [{"text": "moderate"}]
    (phq4,) = [q for q in of_kind(bundle, "Questionnaire") if q["id"] == "phq4"]
    assert phq4["code"][0]["code"] == "69724-3"


def test_the_auditc_total_is_coded_with_snomed_ct_only_never_the_us_loinc_code() -> None:
    bundle = sitting_bundle(everything())
    total = observation(bundle, SNOMED, "763256006")
    assert total["valueInteger"] == 6 and total["interpretation"] == [{"text": "positive: full AUDIT advised"}]
    assert [c["system"] for c in total["code"]["coding"]] == [SNOMED]
    assert "75626-2" not in bundle_json(everything())


def test_the_recorded_blood_pressure_is_a_panel_with_systolic_and_diastolic_in_mm_hg() -> None:
    bundle = sitting_bundle(everything())
    bp = observation(bundle, LOINC, "85354-9")
    assert bp["category"][0]["coding"][0]["code"] == "vital-signs"
    components = {c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in bp["component"]}
    assert components == {"8480-6": {"value": 142, "unit": "mm[Hg]", "system": UCUM, "code": "mm[Hg]"},
                          "8462-4": {"value": 91, "unit": "mm[Hg]", "system": UCUM, "code": "mm[Hg]"}}  # fmt: skip
    assert bp["interpretation"] == [{"text": "raised"}]


def test_height_weight_and_bmi_are_observations_in_ucum_units_with_the_bmi_category() -> None:
    bundle = sitting_bundle(everything())
    assert observation(bundle, LOINC, "8302-2")["valueQuantity"] == {"value": 172.0, "unit": "cm", "system": UCUM,
                                                                      "code": "cm"}  # fmt: skip
    assert observation(bundle, LOINC, "29463-7")["valueQuantity"]["value"] == 80.5
    bmi = observation(bundle, LOINC, "39156-5")
    assert (bmi["valueQuantity"]["value"], bmi["valueQuantity"]["code"]) == (27.2, "kg/m2")
    assert bmi["interpretation"] == [{"text": "overweight"}]
    response = next(r for r in of_kind(bundle, "QuestionnaireResponse") if "/vital5|" in r["questionnaire"])
    assert bmi["derivedFrom"] == [{"reference": f"urn:uuid:{response['id']}"}]


def test_smoking_status_is_a_social_history_observation_carrying_the_stored_code() -> None:
    smoking = observation(sitting_bundle(everything()), LOINC, "72166-2")
    assert smoking["category"][0]["coding"][0]["code"] == "social-history"
    assert smoking["valueCodeableConcept"]["coding"][0] == {
        "system": f"{DEFAULT_CANONICAL_BASE}/CodeSystem/smoking_status",
        "code": "1",
        "display": "Current smoker",
    }
    assert smoking["valueCodeableConcept"]["text"] == "Current smoker"


def test_declined_height_and_weight_and_missing_vital_scores_send_no_vital_observation() -> None:
    record = sitting(answers=answers("vital5", {"height_m": "declined", "weight_kg": "declined",
                                                "smoking_status": "Z"}),
                     scores=(score("bp", None, "normal", detail=None), score("bmi", None, None),
                             score("smoking", None, None, detail="Z")))  # fmt: skip
    bundle = sitting_bundle(record)
    (smoking,) = of_kind(bundle, "Observation")
    assert smoking["valueCodeableConcept"] == {"coding": [{"system": f"{DEFAULT_CANONICAL_BASE}/CodeSystem/"
                                                                     "smoking_status", "code": "Z"}]}  # fmt: skip


def test_a_blood_pressure_or_bmi_without_a_band_has_no_interpretation() -> None:
    scores = (score("bp", None, None, value=120.0, detail="120/80"), score("bmi", None, None, value=22.0))
    for measure in of_kind(sitting_bundle(sitting(scores=scores)), "Observation"):
        assert "interpretation" not in measure and "derivedFrom" not in measure
        Observation.model_validate(measure)


@pytest.mark.parametrize(("status", "fhir_status", "ended"), [
    ("completed", "completed", None), ("abandoned", "stopped", CLOSED), ("in_progress", "in-progress", None)])  # fmt: skip
def test_the_response_status_follows_the_sitting(status: str, fhir_status: str, ended: datetime | None) -> None:
    completed_at = datetime(2026, 6, 30, 23, 42, tzinfo=UTC) if status == "completed" else None
    record = sitting(status=status, completed_at=completed_at, ended_at=ended, answers=gad7(1, 1, 1))
    (response,) = of_kind(sitting_bundle(record), "QuestionnaireResponse")
    assert response["status"] == fhir_status
    assert response["authored"] == (completed_at or ended or record.started_at).isoformat()
    QuestionnaireResponse.model_validate(response)


@pytest.mark.parametrize(("mode", "remote"), [("self", False), ("assisted", True), ("self", True)])
def test_a_patient_answering_alone_is_the_responses_source(mode: str, remote: bool) -> None:
    (response,) = of_kind(sitting_bundle(sitting(mode=mode, remote=remote, answers=gad7(1))), "QuestionnaireResponse")
    assert response["source"] == response["subject"] and "author" not in response


def test_an_assisted_sitting_is_authored_by_clinic_staff_without_a_name_or_id() -> None:
    (response,) = of_kind(sitting_bundle(sitting(mode="assisted", answers=gad7(1))), "QuestionnaireResponse")
    assert response["author"] == {"display": "clinic staff (assisted)"} and "source" not in response


def test_the_canonical_base_names_the_questionnaires_and_local_code_systems_and_keeps_the_ids() -> None:
    base = "https://fhir.example-trust.nhs.uk/R4"
    bundle = sitting_bundle(everything(), base)
    urls = [q["url"] for q in of_kind(bundle, "Questionnaire")]
    assert urls and all(u.startswith(f"{base}/Questionnaire/") for u in urls)
    assert flag(bundle, "phq9_item9_positive")["code"]["coding"][0]["system"] == f"{base}/CodeSystem/flag-rule"
    assert DEFAULT_CANONICAL_BASE not in bundle_json(everything(), base)
    assert [e["resource"]["id"] for e in bundle["entry"]] == [e["resource"]["id"] for e in
                                                              sitting_bundle(everything())["entry"]]  # fmt: skip
    assert bundle_json(everything(), base) == bundle_json(everything(), base)


@pytest.mark.parametrize(("environ", "base"), [
    ({}, DEFAULT_CANONICAL_BASE), ({"SCREENING_FHIR_BASE": "  "}, DEFAULT_CANONICAL_BASE),
    ({"SCREENING_FHIR_BASE": "https://fhir.example-trust.nhs.uk/R4/"}, "https://fhir.example-trust.nhs.uk/R4"),
    ({"SCREENING_FHIR_BASE": "http://localhost:8080"}, "http://localhost:8080")])  # fmt: skip
def test_the_canonical_base_comes_from_screening_fhir_base_without_a_trailing_slash(
    environ: dict[str, str], base: str
) -> None:
    assert canonical_base(environ) == base


@pytest.mark.parametrize("value", ["fhir.example.nhs.uk", "ftp://x.nhs.uk", "https://x.nhs.uk/a b", "urn:x"])
def test_a_canonical_base_that_is_not_an_http_url_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue, match="SCREENING_FHIR_BASE"):
        canonical_base({"SCREENING_FHIR_BASE": value})


def test_the_default_canonical_base_is_under_the_reserved_invalid_domain() -> None:
    assert DEFAULT_CANONICAL_BASE.split("/")[2].endswith(".invalid")
