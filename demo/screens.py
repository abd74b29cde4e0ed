"""The demo's answers, and the scores and flags the real rules make of them, in bulk.

Design decision: completing ~3,000 sittings one by one through `complete_session` took
12 s on SQLite but 28-40 s on PostgreSQL (six round trips a sitting). So the demo builds
each completed sitting's rows the way `complete_session` does, through the same
functions (`evaluate_sitting` for the rules, `score_rows` / `flag_rows` for the rows),
and inserts them in batches. The answers evaluated are read back from the very row
dicts that are inserted, so what is scored is exactly what is stored; a test re-scores
stored demo sittings and compares.
"""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from demo.answers import (
    alcohol_answers,
    mood_answers,
    patient_level,
    sitting_level,
    vital5_answers,
)
from demo.flags import flag_history
from demo.visits import Plan, age_on, clock
from models import Answer, Flag, FlagAction
from screening.clinical.rules.stored_answers import check_stored_answer
from screening.flag_review.rules.due_times import DueTimePolicy
from screening.sittings.rules.sitting_results import answer_rows, evaluate_sitting
from screening.sittings.services.result_rows import flag_rows, score_rows

BATCH = 1200  # score and flag rows per flush
AnswerMaps = dict[str, dict[str, int | float | str]]


def make_answers(rng: random.Random, plan: Plan) -> list[AnswerMaps]:
    """Each sitting's answers by instrument; none for a declined sitting."""
    levels = [patient_level(rng, p.diagnosis_group) for p in plan.people]
    result: list[AnswerMaps] = []
    for s in plan.sittings:
        visit = plan.visits[s.visit]
        person = plan.people[visit.person]
        if s.outcome == "declined":
            result.append({})
            continue
        answers = mood_answers(rng, sitting_level(rng, levels[visit.person]), plan.bundles[visit.clinic])
        if rng.random() < 0.88:  # most sittings include the Vital 5 measures and AUDIT-C
            answers["vital5"] = vital5_answers(rng, age_on(person, plan.end), person.gender_code)
            answers["auditc"] = alcohol_answers(rng)
        if s.outcome != "completed":  # abandoned or still going: the first few items only
            first = next(iter(answers))
            answers = {first: dict(list(answers[first].items())[: rng.randint(1, 5)])}
        result.append(answers)
    return result


def add_answers(session: Session, plan: Plan, answers: list[AnswerMaps]) -> None:
    rows: list[dict[str, object]] = []
    for maps, sitting_id in zip(answers, plan.sitting_ids, strict=True):
        for a in answer_rows(maps):
            # A Core insert skips the model's before_insert check, so run it here.
            check_stored_answer(
                a.instrument_id, a.item_id,
                value_number=a.value_number, value_code=a.value_code, declined=a.declined,
            )  # fmt: skip
            rows.append({"session_id": sitting_id, **a._asdict()})
    if rows:  # an empty parameter list would insert one row of defaults
        # One executemany: the driver batches it (SQLite in C, psycopg by pipelining).
        session.execute(insert(Answer.__table__), rows)


def add_results(session: Session, rng: random.Random, plan: Plan, answers: list[AnswerMaps]) -> tuple[int, int]:
    """Scores and flags of every completed sitting, with each flag's review history.

    Returns (flags still open, flags closed)."""
    now, policy = clock(plan.end), DueTimePolicy()
    pending: list[object] = []
    open_count = closed = 0
    for s, sitting_id, maps in zip(plan.sittings, plan.sitting_ids, answers, strict=True):
        if s.outcome != "completed":
            continue
        person = plan.visits[s.visit].person
        results = evaluate_sitting(answer_rows(maps), plan.people[person].ethnic_category)
        patient_id = plan.patient_ids[person]
        flags = flag_rows(sitting_id, patient_id, results, now=s.finished_at, actor_user_id=None, due_policy=policy)
        for flag in flags:
            _review(rng, flag, now)
            closed += flag.status == "closed"
            open_count += flag.status != "closed"
        pending += [*score_rows(sitting_id, results, s.finished_at), *flags]
        if len(pending) >= BATCH:
            session.add_all(pending)
            session.flush()
            pending = []
    session.add_all(pending)
    session.flush()
    return open_count, closed


def _review(rng: random.Random, flag: Flag, now: datetime) -> None:
    for step in flag_history(rng, kind=flag.kind, priority=flag.priority, raised=flag.created_at, now=now):
        FlagAction(
            flag=flag, action=step.action, at=step.at, from_status=step.from_status, to_status=step.to_status,
            contact_method=step.contact_method, outcome=step.outcome, note=step.note,
        )  # fmt: skip
        flag.status, flag.updated_at = step.to_status, step.at
        if step.action == "acknowledge":
            flag.acknowledged_at = step.at
        elif step.action == "close":
            flag.closed_at, flag.outcome = step.at, step.outcome
