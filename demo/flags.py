"""What happened to each demo flag after it was raised: the review history.

Design decision: the older a flag, the likelier it has been worked through to a close
(acknowledge, often a contact attempt, then close with an outcome); the newest are open,
so the queues have work in them. Every step happens after the one before and never after
the demo's clock. Urgent flags are dealt with within hours. Notes are generic and carry
no patient detail. Pure: returns the steps; the caller writes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from demo.people import Weights, pick

OUTCOMES: dict[str, Weights] = {
    "psychological": {
        "referred": 0.40, "already_under_care": 0.25, "declined_by_patient": 0.15, "no_further_action": 0.20,
    },
    "physical": {
        "no_further_action": 0.45, "referred": 0.30, "already_under_care": 0.15, "declined_by_patient": 0.10,
    },
}  # fmt: skip
CONTACT_METHODS: Weights = {"phone": 0.7, "in_clinic": 0.2, "letter": 0.1}
CONTACT_RESULTS = ("spoke to patient", "no answer, message left", "spoke to patient")
# Typical delay to acknowledge, in hours, by priority.
ACK_HOURS = {"urgent": (0.2, 2.0), "high": (1.0, 30.0), "routine": (4.0, 120.0), "signpost": (24.0, 240.0)}


@dataclass(frozen=True)
class Step:
    action: str  # acknowledge, contact_attempt, close
    at: datetime
    from_status: str
    to_status: str
    contact_method: str | None = None
    outcome: str | None = None
    note: str | None = None


def flag_history(rng: random.Random, *, kind: str, priority: str, raised: datetime, now: datetime) -> list[Step]:
    age_days = (now - raised).total_seconds() / 86400
    closing = rng.random() < _close_chance(priority, age_days)
    steps: list[Step] = []
    at = raised + timedelta(hours=rng.uniform(*ACK_HOURS[priority]))
    if at >= now or (not closing and rng.random() < 0.5):
        return steps
    steps.append(Step("acknowledge", at, "open", "acknowledged"))
    status = "acknowledged"
    if kind == "psychological" and rng.random() < 0.7:
        at += timedelta(hours=rng.uniform(0.5, 72 if priority != "urgent" else 2))
        if at >= now:
            return steps
        method = pick(rng, CONTACT_METHODS)
        result = rng.choice(CONTACT_RESULTS)
        steps.append(Step("contact_attempt", at, status, "contact_attempted", method, result))
        status = "contact_attempted"
    if not closing:
        return steps
    at += timedelta(hours=rng.uniform(0.5, 8 if priority == "urgent" else 120))
    if at >= now:
        return steps
    outcome = pick(rng, OUTCOMES[kind])
    steps.append(Step("close", at, status, "closed", outcome=outcome, note="Closed after review (demo)."))
    return steps


def _close_chance(priority: str, age_days: float) -> float:
    if priority == "urgent":
        return 0.97 if age_days > 1 else 0.5
    if age_days > 60:
        return 0.92
    if age_days > 21:
        return 0.7
    if age_days > 7:
        return 0.45
    return 0.15 if age_days > 2 else 0.0
