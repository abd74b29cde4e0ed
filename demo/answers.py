"""Plausible answers for made-up screening sittings.

Design decisions:
- A sitting has one hidden distress level (none / mild / moderate / severe) drawn around
  the patient's own level, and every PHQ-9, GAD-7 and PHQ-4 item is drawn from that
  level, so the instruments agree with each other the way real answers do. Most totals
  are low with a tail of moderate and severe; the risk item (PHQ-9 item 9) is drawn
  apart and is positive in about 3-4% of sittings.
- The answers are only answers: scores and flags come from the real rules when the
  sitting is completed, so the demo can never disagree with the product.
- "Prefer not to answer" appears now and then, item 9 included, because the rules for
  it (never treated as 0) must be visible in the demo.
Pure: no database.
"""

from __future__ import annotations

import random

from screening.clinical.rules import gateway

Answers = dict[str, int | float | str]

LEVELS = (0, 1, 2, 3)
# Chance of each item value 0-3 at each distress level.
_ITEM_WEIGHTS = {
    0: (0.80, 0.17, 0.03, 0.00),
    1: (0.40, 0.42, 0.13, 0.05),
    2: (0.15, 0.40, 0.30, 0.15),
    3: (0.03, 0.20, 0.37, 0.40),
}
_ITEM9_POSITIVE = {0: 0.002, 1: 0.015, 2: 0.07, 3: 0.22}
_DIFFICULTY = {
    0: (0.7, 0.3, 0.0, 0.0),
    1: (0.3, 0.6, 0.1, 0.0),
    2: (0.1, 0.5, 0.3, 0.1),
    3: (0.0, 0.3, 0.4, 0.3),
}
_SMOKING = {"1": 0.12, "2": 0.20, "3": 0.03, "4": 0.58, "Z": 0.04, "9": 0.03}  # SMOKING STATUS CODE


def patient_level(rng: random.Random, diagnosis: str) -> int:
    """A patient's usual distress: higher with sickle cell pain and cancer treatment."""
    heavier = diagnosis in ("Sickle cell disease", "Leukaemia", "Myeloma", "Lymphoma")
    weights = (0.52, 0.28, 0.13, 0.07) if heavier else (0.64, 0.24, 0.08, 0.04)
    return rng.choices(LEVELS, weights=weights)[0]


def sitting_level(rng: random.Random, usual: int) -> int:
    return max(0, min(3, usual + rng.choices((-1, 0, 1), weights=(0.2, 0.65, 0.15))[0]))


def _item(rng: random.Random, level: int) -> int:
    return rng.choices(LEVELS, weights=_ITEM_WEIGHTS[level])[0]


def mood_answers(rng: random.Random, level: int, bundle: str) -> dict[str, Answers]:
    """Answers per instrument id: PHQ-9 + GAD-7, or the PHQ-4 gateway and what it opens."""
    phq9: Answers = {f"phq9_{i}": _item(rng, level) for i in range(1, 9)}
    item9 = rng.choices((1, 2, 3), weights=(0.7, 0.2, 0.1))[0] if rng.random() < _ITEM9_POSITIVE[level] else 0
    phq9["phq9_9"] = item9
    gad7: Answers = {f"gad7_{i}": _item(rng, level) for i in range(1, 8)}
    _decline_some(rng, phq9, gad7)
    if any(isinstance(v, int) and v > 0 for v in phq9.values()):
        phq9["phq9_10"] = rng.choices(LEVELS, weights=_DIFFICULTY[level])[0]
    if bundle != "gateway":
        return {"phq9": phq9, "gad7": gad7}
    # The PHQ-4 is GAD-2 then PHQ-2: the same first two items of each full instrument.
    phq4: Answers = {"phq4_1": gad7["gad7_1"], "phq4_2": gad7["gad7_2"],
                     "phq4_3": phq9["phq9_1"], "phq4_4": phq9["phq9_2"]}  # fmt: skip
    # Item 9 is always asked after the PHQ-4; a positive half opens its full instrument in
    # the same sitting, which asks only what the gateway has not (s3 v2, screening.clinical.rules.gateway).
    full = {"phq9": phq9, "gad7": gad7}
    answers: dict[str, Answers] = {"phq4": phq4, "phq9": {"phq9_9": phq9["phq9_9"]}}
    for instrument_id in gateway.opened({"phq4": phq4}):
        asked = full[instrument_id].items()
        answers[instrument_id] = {k: v for k, v in asked if k not in gateway.CARRIED[instrument_id]}
    return answers


def _decline_some(rng: random.Random, phq9: Answers, gad7: Answers) -> None:
    roll = rng.random()
    if roll < 0.004:
        phq9["phq9_9"] = "declined"  # the risk item unanswered: an URGENT flag, never 0
    elif roll < 0.020:
        target = phq9 if rng.random() < 0.55 else gad7
        target[rng.choice([k for k in target if k != "phq9_9"])] = "declined"
    elif roll < 0.026:
        for key in rng.sample([f"phq9_{i}" for i in range(1, 9)], 2):  # two: still prorated
            phq9[key] = "declined"


def alcohol_answers(rng: random.Random) -> Answers:
    if rng.random() < 0.35:
        return {"auditc_1": 0, "auditc_2": 0, "auditc_3": 0}
    return {
        "auditc_1": rng.choices((1, 2, 3, 4), weights=(0.35, 0.30, 0.25, 0.10))[0],
        "auditc_2": rng.choices((0, 1, 2, 3, 4), weights=(0.55, 0.25, 0.12, 0.05, 0.03))[0],
        "auditc_3": rng.choices((0, 1, 2, 3, 4), weights=(0.45, 0.30, 0.15, 0.08, 0.02))[0],
    }


def vital5_answers(rng: random.Random, age: int, gender_code: str) -> Answers:
    """Staff-entered measures: two or three BP readings, height, weight, smoking status."""
    answers: Answers = {}
    if rng.random() < 0.005:  # rare severe hypertension
        systolic, diastolic = rng.randint(182, 205), rng.randint(112, 128)
    else:
        systolic = round(108 + 0.55 * max(0, age - 20) + rng.gauss(0, 14))
        diastolic = round(68 + 0.22 * max(0, age - 20) + rng.gauss(0, 9))
    readings = rng.choices((1, 2, 3), weights=(0.08, 0.62, 0.30))[0]
    for n in range(1, readings + 1):
        # The first reading runs high (white-coat effect); later ones settle.
        lift = 6 if n == 1 else 0
        s = _clip(systolic + lift + round(rng.gauss(0, 4)), 75, 260)
        d = _clip(diastolic + lift // 2 + round(rng.gauss(0, 3)), 40, min(160, s - 15))
        answers[f"bp_systolic_{n}"], answers[f"bp_diastolic_{n}"] = s, d
    mean_height = {"1": 1.76, "2": 1.63}.get(gender_code, 1.70)
    height = round(min(2.05, max(1.40, rng.gauss(mean_height, 0.07))), 2)
    bmi = min(48.0, max(16.5, rng.gauss(27.0, 5.0)))
    if rng.random() < 0.94:  # some patients cannot stand for the height measure
        answers["height_m"] = height
    answers["weight_kg"] = round(bmi * height * height, 1)
    answers["smoking_status"] = rng.choices(list(_SMOKING), weights=list(_SMOKING.values()))[0]
    return answers


def _clip(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
