"""Total scores as FHIR R4 Observations (clinical reference, sections 1-4).

Design decisions:
- One Observation per total that has a LOINC code in the instrument file (held to the
  reference by a test): PHQ-9 total 44261-6 (s1), GAD-7 total 70274-6 (s2), and the
  PHQ-2 total 55758-7 (s3) for the PHQ-4's depression half. AUDIT-C UK (s5: not the
  LOINC version) and the PHQ-4 total have no reference code, so they are not sent.
- A total is the stored score, never recomputed: what the clinic saw is what is sent.
  An incomplete result (s4) has no total and so no Observation; a prorated one says so
  in a note, with the raw sum. The band is interpretation text only: a band is never
  sent as a LOINC value (44262-4 is deprecated).
- The PHQ-2 half has no stored row: it is the sum of its two items, sent only when both
  are answered (the PHQ-4 is never prorated, s3).
Pure module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires import Instrument
from questionnaires.model import Coding
from screening.exports.rules.export_records import ScoreFacts

SURVEY = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}


def coded_totals(
    instrument: Instrument, stored: ScoreFacts | None, answers: Mapping[str, object]
) -> list[tuple[Coding, int, str | None, str | None]]:
    """(LOINC code, total, note, band) for each coded total this sitting has."""
    found: list[tuple[Coding, int, str | None, str | None]] = []
    if instrument.score is None:
        return found
    if instrument.score.code and stored is not None and stored.total is not None:
        note = None
        if stored.prorated:
            note = f"Prorated total (clinical reference s4); raw sum {stored.raw_sum}."
        found.append((instrument.score.code[0], stored.total, note, stored.band))
    for part in instrument.score.subscales:
        values = [answers.get(link_id) for link_id in part.items]
        if part.code and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            found.append((part.code[0], sum(values), None, None))  # type: ignore[arg-type]
    return found


def observation(
    code: Coding,
    total: int,
    *,
    resource_id: str,
    subject: dict[str, Any],
    effective: str,
    derived_from: str,
    note: str | None = None,
    band: str | None = None,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": resource_id, "status": "final",
        "category": [{"coding": [SURVEY]}],
        "code": {"coding": [{"system": code.system, "code": code.code, "display": code.display}]},
        "subject": subject, "effectiveDateTime": effective, "valueInteger": total,
        "derivedFrom": [{"reference": derived_from}],
    }  # fmt: skip
    if band:
        resource["interpretation"] = [{"text": band}]
    if note:
        resource["note"] = [{"text": note}]
    return resource
