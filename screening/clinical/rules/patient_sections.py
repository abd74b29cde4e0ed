"""Which questionnaires a patient answers in one sitting, in order (clinical reference s3).

Design decisions:
- The clinic's bundle decides (DECISION D1): "full" asks PHQ-9, then GAD-7; "gateway" asks
  the PHQ-4 first, then PHQ-9 item 9 whatever the halves (s3 v2), and each positive half
  opens its full instrument in the same sitting (`gateway.opened`: PHQ-2 half >= 3 opens
  PHQ-9, GAD-2 half >= 3 opens GAD-7). Until every PHQ-4 item has an answer (a number or
  "prefer not to answer"), no full instrument is opened: the patient has not finished the
  gateway yet. An opened instrument skips the items the gateway already asked (the two
  carried forward from the PHQ-4, and item 9: `gateway.skipped`), and its difficulty item
  is asked as if the carried answers had been given to it (`gateway.full_answers`).
- AUDIT-C (alcohol, Vital 5) follows the mood questionnaires in both bundles. Blood
  pressure, height, weight and smoking are entered by staff, not by the patient (issue 6).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

from questionnaires import load_instrument
from screening.clinical.rules import gateway
from screening.clinical.rules.clinical_config import DEFAULT_CONFIG, ClinicalConfig

FULL: tuple[str, ...] = ("phq9", "gad7", "auditc")
GATEWAY_FIRST = gateway.PHQ4
AFTER_MOOD = "auditc"
BUNDLES = ("full", "gateway")


def patient_sections(
    bundle: str, phq4_answers: Mapping[str, object], *, config: ClinicalConfig = DEFAULT_CONFIG
) -> tuple[str, ...]:
    """The instrument ids the patient is asked, given the PHQ-4 answers so far. In the
    gateway, "phq9" is listed once item 9 is asked, and asks more only when opened."""
    if bundle == "full":
        return FULL
    if bundle != "gateway":
        raise ValueError(f"bundle must be one of {BUNDLES}, not {bundle!r}")
    opened = gateway.opened({GATEWAY_FIRST: phq4_answers}, config=config)
    full = tuple(i for i in gateway.FULL_INSTRUMENTS if i in opened or i == "phq9")  # item 9 always
    return (GATEWAY_FIRST, *full, AFTER_MOOD)


Step = tuple[str, str]  # (instrument id, item linkId)


def patient_steps(
    bundle: str, answers: Mapping[str, Mapping[str, object]], *, config: ClinicalConfig = DEFAULT_CONFIG
) -> tuple[Step, ...]:
    """Every question the patient is asked, in order, given the answers so far.

    An item whose `enableWhen` is not met (a difficulty question when no problem was
    ticked) is not a step; it becomes one as soon as an answer opens it.
    """
    if bundle != "gateway":
        sections = patient_sections(bundle, {}, config=config)
        return tuple(step for i in sections for step in _steps(i, answers.get(i, {}), frozenset()))
    steps: list[Step] = [(GATEWAY_FIRST, link_id) for link_id in load_instrument(GATEWAY_FIRST).link_ids]
    steps += list(gateway.ALWAYS_ASKED)
    for instrument_id in gateway.opened(answers, config=config):
        steps += _steps(instrument_id, gateway.full_answers(instrument_id, answers), gateway.skipped(instrument_id))
    steps += _steps(AFTER_MOOD, answers.get(AFTER_MOOD, {}), frozenset())
    return tuple(steps)


def _steps(instrument_id: str, given: Mapping[str, object], skip: frozenset[str]) -> list[Step]:
    return [
        (instrument_id, item.link_id)
        for item in load_instrument(instrument_id).items
        if item.link_id not in skip and item.is_enabled(given)
    ]


def first_unanswered(steps: tuple[Step, ...], answers: Mapping[str, Mapping[str, object]]) -> int | None:
    """Where a resumed sitting starts: the first step with no stored answer, or None when done."""
    for index, (instrument_id, link_id) in enumerate(steps):
        if link_id not in answers.get(instrument_id, {}):
            return index
    return None
