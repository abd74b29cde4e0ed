"""Which questionnaires a patient answers in one sitting, in order (clinical reference s3).

Design decisions:
- The clinic's bundle decides (DECISION D1): "full" asks PHQ-9, then GAD-7; "gateway" asks
  the PHQ-4 first, and each positive half opens its full instrument in the same sitting
  (`flags.gateway_opens`: PHQ-2 half >= 3 opens PHQ-9, GAD-2 half >= 3 opens GAD-7).
  Until every PHQ-4 item has an answer (a number or "prefer not to answer"), no full
  instrument is opened: the patient has not finished the gateway yet.
- AUDIT-C (alcohol, Vital 5) follows the mood questionnaires in both bundles. Blood
  pressure, height, weight and smoking are entered by staff, not by the patient (issue 6).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

from questionnaires import load_instrument
from screening.clinical_config import DEFAULT_CONFIG, ClinicalConfig
from screening.flags import gateway_opens
from screening.scoring import score

FULL: tuple[str, ...] = ("phq9", "gad7", "auditc")
GATEWAY_FIRST = "phq4"
AFTER_MOOD = "auditc"
BUNDLES = ("full", "gateway")


def patient_sections(
    bundle: str, phq4_answers: Mapping[str, object], *, config: ClinicalConfig = DEFAULT_CONFIG
) -> tuple[str, ...]:
    """The instrument ids the patient is asked, given the PHQ-4 answers so far."""
    if bundle == "full":
        return FULL
    if bundle != "gateway":
        raise ValueError(f"bundle must be one of {BUNDLES}, not {bundle!r}")
    phq4 = load_instrument(GATEWAY_FIRST)
    if any(link_id not in phq4_answers for link_id in phq4.link_ids):
        return (GATEWAY_FIRST, AFTER_MOOD)
    opened = gateway_opens(score(GATEWAY_FIRST, phq4_answers, config=config), config=config)
    full_in_order = tuple(i for i in ("phq9", "gad7") if i in opened)
    return (GATEWAY_FIRST, *full_in_order, AFTER_MOOD)


Step = tuple[str, str]  # (instrument id, item linkId)


def patient_steps(
    bundle: str, answers: Mapping[str, Mapping[str, object]], *, config: ClinicalConfig = DEFAULT_CONFIG
) -> tuple[Step, ...]:
    """Every question the patient is asked, in order, given the answers so far.

    An item whose `enableWhen` is not met (a difficulty question when no problem was
    ticked) is not a step; it becomes one as soon as an answer opens it.
    """
    steps: list[Step] = []
    for instrument_id in patient_sections(bundle, answers.get(GATEWAY_FIRST, {}), config=config):
        given = answers.get(instrument_id, {})
        steps.extend(
            (instrument_id, item.link_id)
            for item in load_instrument(instrument_id).items
            if item.is_enabled(given)
        )
    return tuple(steps)


def first_unanswered(steps: tuple[Step, ...], answers: Mapping[str, Mapping[str, object]]) -> int | None:
    """Where a resumed sitting starts: the first step with no stored answer, or None when done."""
    for index, (instrument_id, link_id) in enumerate(steps):
        if link_id not in answers.get(instrument_id, {}):
            return index
    return None
