"""Flags for the analytics benchmark's completed sittings (numbers only, issue 8).

One completed sitting in four raises one flag, raised when the sitting completed. Due
times follow the priorities' spans roughly (`screening.flag_review.rules.due_times` counts working days; a
benchmark needs only the shape). Seven in ten flags are closed, some after their due
time, so "closed within target" is neither 0% nor 100%.
"""

from __future__ import annotations

import numpy as np

# priority -> (share, kind, rule code, hours to due)
PRIORITIES = {
    "urgent": (0.05, "psychological", "phq9_item9_positive", 4),
    "high": (0.10, "psychological", "phq9_severe", 67),
    "routine": (0.45, "psychological", "phq9_threshold", 336),
    "signpost": (0.40, "physical", "bmi_obesity", 672),
}


def flag_columns(rng: np.random.Generator, sittings: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    completed = np.flatnonzero(sittings["status"] == "completed")
    chosen = completed[rng.random(completed.size) < 0.25]
    n = chosen.size
    names = list(PRIORITIES)
    pick = rng.choice(len(names), size=n, p=[PRIORITIES[p][0] for p in names])
    span = np.array([PRIORITIES[p][3] for p in names])[pick] * 3600
    raised = sittings["completed_at"][chosen]
    roll = rng.random(n)
    status = np.where(roll < 0.7, "closed", np.where(roll < 0.8, "acknowledged", "open"))
    acknowledged = raised + (rng.random(n) * 0.6 * span).astype(np.int64)
    closed = acknowledged + (rng.random(n) * 0.9 * span).astype(np.int64)
    ids = np.arange(1, n + 1)
    return {
        "id": ids, "session_id": sittings["id"][chosen], "patient_id": sittings["patient_id"][chosen],
        "kind": np.array([PRIORITIES[p][1] for p in names])[pick],
        "rule_code": np.array([PRIORITIES[p][2] for p in names])[pick],
        "priority": np.array(names)[pick], "reason": np.full(n, "Synthetic benchmark flag"),
        "status": status, "due_at": raised + span,
        "acknowledged_at": np.where(status == "open", -1, acknowledged),
        "closed_at": np.where(status == "closed", closed, -1),
        "outcome": np.where(status == "closed", np.where(rng.random(n) < 0.5, "referred", "no_further_action"),
                            None),  # type: ignore[call-overload]  # None: an object array; numpy's stubs refuse it
        "created_at": raised,
    }  # fmt: skip
