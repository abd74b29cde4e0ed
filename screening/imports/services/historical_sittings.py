"""Historical sittings: the answer rows a file's sitting becomes, and what is already stored.

Design decisions:
- `answer_rows` is the one translation from a checked file row to `answers` rows; the
  very same tuples are scored (`evaluate_sitting`) and inserted, so what is scored is
  exactly what is stored (as the demo loader does).
- Idempotent on `session_ref` (`ScreeningSession.source_ref`): a sitting imported
  before is "unchanged" when the file says the same again. If the file now says
  something else it is refused, not updated: a recorded sitting's answers never change
  (clinical reference, section 6), and its scores and flags may already be acted on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, ScreeningSession
from screening.clinical.rules.stored_answers import value_from_columns
from screening.imports.rules.screening_rows import SittingRow
from screening.imports.services.bulk_rows import one_of
from screening.sittings.rules.sitting_results import AnswerRow
from screening.sittings.rules.sitting_results import answer_rows as rows_from_maps


def answer_rows(row: SittingRow) -> list[AnswerRow]:
    return rows_from_maps(row.answers)


def stored_sittings(session: Session, refs: list[str]) -> dict[str, tuple[Any, ...]]:
    """What each already-imported sitting says, keyed by session_ref, comparable with `fingerprint`."""
    if not refs:
        return {}
    sittings = session.execute(
        select(ScreeningSession.id, ScreeningSession.source_ref, ScreeningSession.patient_id,
               ScreeningSession.clinic_id, ScreeningSession.status, ScreeningSession.completed_at,
               ScreeningSession.ended_at, ScreeningSession.mode, ScreeningSession.decline_reason)
        .where(one_of(session, ScreeningSession.source_ref, refs))
    ).all()  # fmt: skip
    answers: dict[int, dict[str, object]] = {s.id: {} for s in sittings}
    if sittings:
        for a in session.execute(
            select(Answer.session_id, Answer.item_id, Answer.value_number, Answer.value_code, Answer.declined)
            .where(one_of(session, Answer.session_id, list(answers)))
        ):  # fmt: skip
            answers[a.session_id][a.item_id] = value_from_columns(a.value_number, a.value_code, a.declined)
    return {
        s.source_ref: (s.patient_id, s.clinic_id, s.status, s.completed_at or s.ended_at, s.mode,
                       s.decline_reason, answers[s.id])
        for s in sittings
    }  # fmt: skip


def fingerprint(row: SittingRow, patient_id: int, clinic_id: int) -> tuple[Any, ...]:
    items = {item: value for items in row.answers.values() for item, value in items.items()}
    return (patient_id, clinic_id, row.status, row.at, row.mode, row.decline_reason, items)
