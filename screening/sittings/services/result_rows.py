"""A sitting's results and flags as the rows that store them (Score, Flag, FlagAction).

Kept apart from `completion` so that completing a live sitting and loading demo data in
bulk build exactly the same rows from the same `SittingResults`; nothing here queries.

How the Vital 5 measures are stored, one Score row each, beside the questionnaires:
- "bp": band = normal / raised / severe; detail = the recorded reading "142/91"; value =
  its systolic, so lists can sort by it;
- "bmi": value = BMI to one decimal; band = its category;
- "smoking": detail = the SMOKING STATUS CODE; band = its label.
"""

from __future__ import annotations

from datetime import datetime

from models import Flag, FlagAction, Score
from screening.clinical.rules.flag_codes import Flag as RaisedFlag
from screening.flag_review.rules.due_times import DueTimePolicy, due_at
from screening.sittings.rules.sitting_results import SittingResults


def score_rows(session_id: int, results: SittingResults, now: datetime) -> list[Score]:
    rows = [
        Score(
            session_id=session_id,
            instrument_id=r.instrument_id,
            instrument_version=r.instrument_version,
            raw_sum=r.raw_sum,
            total=r.total,
            band=r.band,
            prorated=r.prorated,
            complete=r.complete,
            computed_at=now,
        )
        for r in results.questionnaires
    ]
    version = results.vital5_version or ""
    bp, bmi, smoking = results.blood_pressure, results.bmi, results.smoking
    if bp is not None:
        reading = f"{bp.systolic}/{bp.diastolic}"
        rows.append(_measure(session_id, version, now, "bp", band=bp.category, value=bp.systolic, detail=reading))
    if bmi is not None:
        rows.append(_measure(session_id, version, now, "bmi", band=bmi.category, value=bmi.bmi))
    if smoking is not None:
        rows.append(_measure(session_id, version, now, "smoking", band=smoking.label, detail=smoking.code))
    return rows


def _measure(
    session_id: int,
    version: str,
    now: datetime,
    measure: str,
    *,
    band: str,
    value: float | None = None,
    detail: str | None = None,
) -> Score:
    return Score(
        session_id=session_id, instrument_id=measure, instrument_version=version, band=band, value=value,
        detail=detail, complete=True, computed_at=now,
    )  # fmt: skip


def flag_rows(
    session_id: int,
    patient_id: int,
    results: SittingResults,
    *,
    now: datetime,
    actor_user_id: int | None,
    due_policy: DueTimePolicy,
) -> list[Flag]:
    """Open flags, each due by its priority and carrying its "created" action."""
    return [new_flag_row(session_id, patient_id, rule, now=now, actor_user_id=actor_user_id,
                         due_policy=due_policy) for rule in results.flags]  # fmt: skip


def new_flag_row(
    session_id: int,
    patient_id: int,
    rule: RaisedFlag,
    *,
    now: datetime,
    actor_user_id: int | None,
    due_policy: DueTimePolicy,
) -> Flag:
    """One open flag raised now, due by its priority, with its "created" action."""
    flag = Flag(
        session_id=session_id,
        patient_id=patient_id,
        kind=rule.kind,
        rule_code=rule.code,
        priority=rule.priority,
        reason=rule.reason,
        status="open",
        due_at=due_at(rule.priority, now, due_policy),
        created_at=now,
        updated_at=now,
    )
    # Through the relationship, so one flush inserts the flag and then its action.
    FlagAction(flag=flag, action="created", actor_user_id=actor_user_id, at=now, to_status="open")
    return flag
