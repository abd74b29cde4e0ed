"""A sitting's flags (clinical reference, section 6) as FHIR R4 Flag resources.

Design decisions:
- One Flag per flag row of the sitting, psychological and physical, so a positive item 9
  reaches the EPR as its URGENT Flag, not only as a raw answer.
- code: the rule code as a coding in our own code system under the canonical base
  (`{base}/CodeSystem/flag-rule`), its display and `code.text` the reason the rule wrote.
  A reviewer's notes, outcome and assignee never leave: they are free text about a person.
- status: open, acknowledged and contact_attempted are `active`; closed is `inactive`.
- priority: the standard R4 extension flag-priority, codes from the flag-priority code
  system: urgent -> PH (high), high -> PM (medium), routine and signpost -> PL (low).
- period: start = when the flag was raised, end = when it was closed (closed flags only).
- category: `clinical` (flag-category), and the flag's kind (psychological / physical)
  in our own code system, for the receiving team's routing.
Pure module.
"""

from __future__ import annotations

from typing import Any

from screening.exports.rules.export_records import FlagFacts

PRIORITY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/flag-priority"
PRIORITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-priority"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category"
PRIORITY = {
    "urgent": ("PH", "High priority"),
    "high": ("PM", "Medium priority"),
    "routine": ("PL", "Low priority"),
    "signpost": ("PL", "Low priority"),
}
STATUS = {"open": "active", "acknowledged": "active", "contact_attempted": "active", "closed": "inactive"}


def flag_resource(flag: FlagFacts, *, resource_id: str, subject: dict[str, Any], base: str) -> dict[str, Any]:
    """One flag as a FHIR Flag."""
    code, display = PRIORITY[flag.priority]
    rule = {"system": f"{base}/CodeSystem/flag-rule", "code": flag.rule_code, **({"display": flag.reason}
            if flag.reason else {})}  # fmt: skip
    resource: dict[str, Any] = {
        "resourceType": "Flag", "id": resource_id,
        "extension": [{"url": PRIORITY_EXTENSION, "valueCodeableConcept": {
            "coding": [{"system": PRIORITY_SYSTEM, "code": code, "display": display}], "text": flag.priority}}],
        "status": STATUS[flag.status],
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": "clinical", "display": "Clinical"}]},
            {"coding": [{"system": f"{base}/CodeSystem/flag-kind", "code": flag.kind}]},
        ],
        "code": {"coding": [rule], "text": flag.reason or flag.rule_code},
        "subject": subject,
    }  # fmt: skip
    period: dict[str, str] = {}
    if flag.raised_at is not None:
        period["start"] = flag.raised_at.isoformat()
    if flag.status == "closed" and flag.closed_at is not None:
        period["end"] = flag.closed_at.isoformat()
    if period:
        resource["period"] = period
    return resource
