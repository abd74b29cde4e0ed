"""A completed sitting as a FHIR R4 Bundle: valid resources and the reference's LOINC codes.

The LOINC codes below are an independent literal copy of the clinical reference
(shared/reference/clinical.md, section 1 "PHQ-9 ... LOINC", section 2 "GAD-7 ... LOINC" and
section 3 "PHQ-2 ... LOINC total 55758-7"), typed from the reference, not from the
instrument files, so a drift in either the files or the mapping fails here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from screening.errors import ConflictError
from screening.exports.rules.fhir_bundle import bundle_json, sitting_bundle
from tests.sitting_records import NHS_NUMBER, answers, gad7, phq9, score, sitting

LOINC = "http://loinc.org"
# s1: panel 44249-1; items 1-9; item 10 69722-7; total 44261-6.
PHQ9_PANEL, PHQ9_TOTAL = "44249-1", "44261-6"
PHQ9_ITEMS = {
    "phq9_1": "44250-9", "phq9_2": "44255-8", "phq9_3": "44259-0", "phq9_4": "44254-1",
    "phq9_5": "44251-7", "phq9_6": "44258-2", "phq9_7": "44252-5", "phq9_8": "44253-3",
    "phq9_9": "44260-8", "phq9_10": "69722-7",
}  # fmt: skip
# s2: panel 69737-5; items 1-7 (6 is "irritable" 69689-8, 7 is "afraid" 69736-7); total 70274-6.
GAD7_PANEL, GAD7_TOTAL = "69737-5", "70274-6"
GAD7_ITEMS = {
    "gad7_1": "69725-0", "gad7_2": "68509-9", "gad7_3": "69733-4", "gad7_4": "69734-2",
    "gad7_5": "69735-9", "gad7_6": "69689-8", "gad7_7": "69736-7",
}  # fmt: skip
PHQ2_TOTAL = "55758-7"  # s3
FREQUENCY = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}  # LL358-3, s1
DIFFICULTY = {0: "LA6572-7", 1: "LA6573-5", 2: "LA6575-0", 3: "LA6574-3"}  # LL359-1, s1: not in order
MODELS = {"Questionnaire": Questionnaire, "QuestionnaireResponse": QuestionnaireResponse,
          "Observation": Observation}  # fmt: skip


def full_sitting(**fields: Any) -> Any:
    return sitting(
        answers=phq9(0, 1, 2, 3, 0, 1, 2, 3, 0, difficulty=2) + gad7(3, 2, 1, 0, 1, 2, 3),
        scores=(score("phq9", 12, "moderate"), score("gad7", 12, "moderate")), **fields,
    )  # fmt: skip


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def response(bundle: dict[str, Any], instrument_id: str) -> dict[str, Any]:
    responses = resources(bundle, "QuestionnaireResponse")
    return next(r for r in responses if f"/{instrument_id}|" in r["questionnaire"])


def answered(qr: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for item in qr["item"]}


def test_every_resource_and_the_bundle_validate_with_the_r4b_models() -> None:
    bundle = json.loads(bundle_json(full_sitting()))
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        MODELS[entry["resource"]["resourceType"]].model_validate(entry["resource"])
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == 2 and kinds.count("Observation") == 2


def test_each_questionnaire_response_carries_the_sittings_language_of_administration_as_its_tag() -> None:
    bundle = json.loads(bundle_json(full_sitting(language="so")))
    responses = resources(bundle, "QuestionnaireResponse")
    assert [r["language"] for r in responses] == ["so", "so"]
    assert all(QuestionnaireResponse.model_validate(r).language == "so" for r in responses)


@pytest.mark.parametrize(("instrument_id", "panel", "items"),
                         [("phq9", PHQ9_PANEL, PHQ9_ITEMS), ("gad7", GAD7_PANEL, GAD7_ITEMS)])  # fmt: skip
def test_questionnaire_and_item_codes_are_the_references_loinc_codes(
    instrument_id: str, panel: str, items: dict[str, str]
) -> None:
    (q,) = [q for q in resources(sitting_bundle(full_sitting()), "Questionnaire") if q["id"] == instrument_id]
    assert q["code"][0]["system"] == LOINC and q["code"][0]["code"] == panel
    assert {i["linkId"]: i["code"][0]["code"] for i in q["item"] if "code" in i} == items
    assert all(c["system"] == LOINC for i in q["item"] for c in i.get("code", []))


def test_answers_are_loinc_answer_codes_carrying_their_item_score() -> None:
    items = answered(response(sitting_bundle(full_sitting()), "phq9"))
    for n, value in enumerate((0, 1, 2, 3, 0, 1, 2, 3, 0), start=1):
        coding = items[f"phq9_{n}"]["answer"][0]["valueCoding"]
        assert (coding["system"], coding["code"]) == (LOINC, FREQUENCY[value])
        assert coding["extension"][0]["valueDecimal"] == value  # R4 ordinalValue
    assert items["phq9_10"]["answer"][0]["valueCoding"]["code"] == DIFFICULTY[2]  # "very": LA6575-0


def test_gad7_items_6_and_7_answers_stay_on_their_own_items() -> None:
    items = answered(response(sitting_bundle(full_sitting()), "gad7"))
    assert items["gad7_6"]["answer"][0]["valueCoding"]["code"] == FREQUENCY[2]
    assert items["gad7_7"]["answer"][0]["valueCoding"]["code"] == FREQUENCY[3]


def test_totals_are_observations_with_the_references_codes_and_the_stored_total() -> None:
    bundle = sitting_bundle(full_sitting())
    observations = resources(bundle, "Observation")
    by_code = {o["code"]["coding"][0]["code"]: o for o in observations}
    assert set(by_code) == {PHQ9_TOTAL, GAD7_TOTAL}
    assert by_code[PHQ9_TOTAL]["valueInteger"] == 12
    assert by_code[PHQ9_TOTAL]["interpretation"] == [{"text": "moderate"}]  # text only: never a LOINC band
    assert all(o["code"]["coding"][0]["system"] == LOINC for o in observations)
    assert by_code[GAD7_TOTAL]["derivedFrom"] == [{"reference": f"urn:uuid:{response(bundle, 'gad7')['id']}"}]


def test_the_patient_is_referenced_by_nhs_number_and_nothing_else_identifies_them() -> None:
    record = full_sitting()
    bundle = sitting_bundle(record)
    for resource in resources(bundle, "QuestionnaireResponse") + resources(bundle, "Observation"):
        assert resource["subject"] == {
            "type": "Patient",
            "identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": NHS_NUMBER},
        }
    text = bundle_json(record)
    for identifier in ("Okafor", "Ada", "1990-05-17", "H0001234", record.patient.pseudo_id):
        assert identifier not in text


def test_a_prorated_total_says_so_and_an_incomplete_one_is_not_sent() -> None:
    record = sitting(
        answers=phq9(1, 1, 1, 1, 1, 1, 1, "declined", 1) + gad7(1, "declined", "declined", 1, 1, 1, 1),
        scores=(
            score("phq9", 9, "mild", prorated=True, raw_sum=8),  # 8 over 8 items: floor(9 + 0.5) = 9
            score("gad7", None, complete=False, raw_sum=5),  # two unanswered: incomplete (s4)
        ),
    )  # fmt: skip
    bundle = sitting_bundle(record)
    (observation,) = resources(bundle, "Observation")
    assert observation["code"]["coding"][0]["code"] == PHQ9_TOTAL
    assert "Prorated" in observation["note"][0]["text"] and "raw sum 8" in observation["note"][0]["text"]
    assert len(resources(bundle, "QuestionnaireResponse")) == 2  # the GAD-7 answers are still sent


def test_prefer_not_to_answer_is_an_answer_carrying_asked_declined_never_a_zero() -> None:
    record = sitting(answers=phq9(0, 0, 0, 0, 0, 0, 0, 0, "declined", difficulty=None))
    item9 = answered(response(sitting_bundle(record), "phq9"))["phq9_9"]
    assert item9["answer"] == [{"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                                               "valueCode": "asked-declined"}]}]  # fmt: skip
    assert "extension" not in item9


def test_the_phq4_sends_its_phq2_half_total_only_when_both_items_are_answered() -> None:
    whole = sitting(answers=answers("phq4", {"phq4_1": 1, "phq4_2": 0, "phq4_3": 2, "phq4_4": 2}))
    bundle = sitting_bundle(whole)
    (observation,) = resources(bundle, "Observation")  # PHQ-2 = items 3 and 4: 2 + 2 = 4
    assert (observation["code"]["coding"][0]["code"], observation["valueInteger"]) == (PHQ2_TOTAL, 4)
    half = sitting(answers=answers("phq4", {"phq4_1": 1, "phq4_2": 0, "phq4_3": 2, "phq4_4": "declined"}))
    assert resources(sitting_bundle(half), "Observation") == []


def test_auditc_and_vital5_answers_are_sent_as_responses_in_their_own_codes() -> None:
    record = sitting(answers=answers("auditc", {"auditc_1": 2, "auditc_2": 1, "auditc_3": 0})
                     + answers("vital5", {"bp_systolic_1": 142, "bp_diastolic_1": 91, "height_m": 1.72,
                                          "weight_kg": 80.5, "smoking_status": "1"}))  # fmt: skip
    bundle = sitting_bundle(record)
    auditc = answered(response(bundle, "auditc"))["auditc_1"]["answer"][0]["valueCoding"]
    assert auditc["system"] != LOINC and auditc["code"] == "2"  # s5: the UK version has no LOINC codes
    vitals = answered(response(bundle, "vital5"))
    assert vitals["bp_systolic_1"]["answer"] == [{"valueInteger": 142}]
    assert vitals["weight_kg"]["answer"] == [{"valueDecimal": 80.5}]
    assert vitals["smoking_status"]["answer"][0]["valueCoding"]["display"] == "Current smoker"


def test_exporting_a_sitting_twice_gives_the_same_file() -> None:
    assert bundle_json(full_sitting()) == bundle_json(full_sitting())
    assert bundle_json(full_sitting()) != bundle_json(full_sitting(sitting_key="another-tablet-key"))


def test_a_declined_sitting_has_no_bundle() -> None:
    with pytest.raises(ValueError):
        sitting_bundle(sitting(status="declined", completed_at=None))


def test_answers_recorded_with_another_instrument_version_are_refused() -> None:
    with pytest.raises(ConflictError, match=r"version 0.9.0"):
        sitting_bundle(sitting(answers=answers("gad7", {"gad7_1": 1}, version="0.9.0")))
