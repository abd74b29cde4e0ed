"""The clinical configuration: reference values by default, and no unsafe value accepted."""

from __future__ import annotations

import dataclasses

import pytest

from screening.clinical.rules.clinical_config import DEFAULT_CONFIG, BMIThresholds, ClinicalConfig
from screening.errors import InvalidValue


def test_the_defaults_are_the_clinical_reference_values() -> None:
    config = ClinicalConfig()
    assert config.screening_bundle == "full"  # s3 DECISION: full PHQ-9 + GAD-7 by default
    assert (config.phq9_max_prorated_items, config.gad7_max_prorated_items) == (2, 1)  # s4 DECISION
    assert config.never_prorated_items == frozenset({"phq9_9"})  # s4
    assert (config.phq9_referral_threshold, config.phq9_high_threshold) == (10, 20)  # s1, s6
    assert (config.gad7_referral_threshold, config.gad7_high_threshold) == (10, 15)  # s2, s6
    assert config.gad7_talking_therapies_caseness == 8  # s2: reporting only, never a flag
    assert (config.phq4_half_positive, config.auditc_positive) == (3, 5)  # s3, s5
    assert (config.bp_raised, config.bp_severe) == ((140, 90), (180, 120))  # s5, NICE NG136
    assert config.bmi_standard == BMIThresholds(18.5, 25.0, 30.0, 35.0, 40.0)  # s5
    assert config.bmi_lower == BMIThresholds(18.5, 23.0, 27.5, 32.5, 37.5)  # s5 v2, NG246 ("reduce by 2.5")
    assert config.bmi_lower_threshold_ethnic_codes == frozenset("DEFHJKLRMNP")  # s5 DECISION (v2)
    assert config == DEFAULT_CONFIG


def test_the_configuration_cannot_be_changed_once_made() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_CONFIG.phq9_referral_threshold = 12  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"screening_bundle": "phq2"}, "screening_bundle"),
        ({"bmi_lower_threshold_ethnic_codes": frozenset({"H", "Q"})}, "bmi_lower_threshold_ethnic_codes"),
        ({"phq9_max_prorated_items": 3}, "proration"),  # would invent a third of a PHQ-9
        ({"gad7_max_prorated_items": 2}, "proration"),
        ({"phq9_max_prorated_items": -1}, "proration"),
        ({"never_prorated_items": frozenset()}, "never_prorated_items"),  # item 9 must never be filled in
        ({"phq9_referral_threshold": 20}, "thresholds"),  # ROUTINE must start below HIGH
        ({"gad7_high_threshold": 10}, "thresholds"),
        ({"bp_raised": (180, 90)}, "thresholds"),
        ({"bp_severe": (180, 90)}, "thresholds"),
        ({"bmi_lower": BMIThresholds(18.5, 23.0, 23.0, 32.5, 37.5)}, "bmi_lower"),
        ({"bmi_standard": BMIThresholds(18.5, 30.0, 25.0, 35.0, 40.0)}, "bmi_standard"),
    ],
)
def test_an_unsafe_configuration_is_refused_naming_the_setting(change: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        ClinicalConfig(**change)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_the_gateway_bundle_and_stricter_proration_may_be_configured() -> None:
    config = ClinicalConfig(screening_bundle="gateway", phq9_max_prorated_items=1, gad7_max_prorated_items=0)
    assert (config.max_prorated_items("phq9"), config.max_prorated_items("gad7")) == (1, 0)


@pytest.mark.parametrize("instrument_id", ["phq4", "auditc", "vital5"])
def test_only_the_phq9_and_gad7_may_ever_be_prorated(instrument_id: str) -> None:
    assert DEFAULT_CONFIG.max_prorated_items(instrument_id) == 0
