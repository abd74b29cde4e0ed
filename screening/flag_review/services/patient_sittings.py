"""A patient's sittings for the patient view: totals, Vital 5 values, item answers, reliable change.

Design decisions:
- Read in three queries for all sittings at once (scores, answers), never per sitting.
- Answers are read back through `stored_answers.value_from_columns` (the one way stored
  answers become values) and put in words by `answer_display`, which marks PHQ-9 item 9
  by the urgent flag's own rule (s1, s6).
- The PHQ-9 and GAD-7 changes are computed over the sittings shown, oldest first
  (`reliable_change.changes`, s6 v2); incomplete totals are skipped, never read as 0 (s4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Score
from questionnaires import load_instrument
from screening.clinical.rules.answer_display import ItemAnswer, instrument_answers
from screening.clinical.rules.reliable_change import Change, Total, changes
from screening.clinical.rules.score_words import MEASURES, QUESTIONNAIRES, measure_words, total_words
from screening.clinical.rules.stored_answers import value_from_columns


@dataclass(frozen=True)
class TotalView:
    instrument_id: str
    total: int | None
    band: str | None
    prorated: bool
    words: str


@dataclass(frozen=True)
class SittingView:
    session_id: int
    at: datetime
    clinic: str
    site: str
    status: str
    decline_reason: str | None
    totals: tuple[TotalView, ...]
    vital5: tuple[str, ...]  # Vital 5 values in words
    answers: tuple[tuple[str, tuple[ItemAnswer, ...]], ...]  # (instrument title, items)
    phq9_change: Change | None
    gad7_change: Change | None = None

    def total(self, instrument_id: str) -> TotalView | None:
        return next((t for t in self.totals if t.instrument_id == instrument_id), None)

    def change(self, instrument_id: str) -> Change | None:
        """The PHQ-9 or GAD-7 change from the last earlier total (s6 v2), or None."""
        return {"phq9": self.phq9_change, "gad7": self.gad7_change}.get(instrument_id)

    @property
    def item9_concern(self) -> bool:
        return any(item.concern for _, items in self.answers for item in items)


def sitting_views(session: Session, rows: Sequence[Any]) -> tuple[SittingView, ...]:
    """Views of `rows` (id, at, clinic, site, status, decline_reason), oldest first."""
    ids = [row.id for row in rows]
    scores = session.execute(select(Score).where(Score.session_id.in_(ids))).scalars().all() if ids else []
    answers = session.execute(
        select(Answer.session_id, Answer.instrument_id, Answer.item_id, Answer.value_number, Answer.value_code,
               Answer.declined).where(Answer.session_id.in_(ids))
    ).all() if ids else []  # fmt: skip
    values: dict[int, dict[str, dict[str, int | float | str]]] = {}
    for a in answers:
        value = value_from_columns(a.value_number, a.value_code, a.declined)
        values.setdefault(a.session_id, {}).setdefault(a.instrument_id, {})[a.item_id] = value
    totals = {row.id: _totals([s for s in scores if s.session_id == row.id]) for row in rows}
    phq9 = changes("phq9", [_total(totals[row.id], "phq9") for row in rows])
    gad7 = changes("gad7", [_total(totals[row.id], "gad7") for row in rows])
    return tuple(
        SittingView(
            row.id,
            row.at,
            row.clinic,
            row.site,
            row.status,
            row.decline_reason,
            totals[row.id],
            _vital5([s for s in scores if s.session_id == row.id], values.get(row.id, {})),
            _answers(values.get(row.id, {})),
            phq9_change,
            gad7_change,
        )
        for row, phq9_change, gad7_change in zip(rows, phq9, gad7, strict=True)
    )


def _totals(scores: list[Score]) -> tuple[TotalView, ...]:
    found = {s.instrument_id: s for s in scores if s.instrument_id in QUESTIONNAIRES}
    return tuple(
        TotalView(i, s.total, s.band, s.prorated, total_words(i, s.total, s.band, s.prorated))
        for i in QUESTIONNAIRES
        if (s := found.get(i)) is not None
    )


def _total(totals: tuple[TotalView, ...], instrument_id: str) -> Total:
    found = next((t for t in totals if t.instrument_id == instrument_id), None)
    return Total(None) if found is None else Total(found.total, found.prorated)


def _vital5(scores: list[Score], values: dict[str, dict[str, int | float | str]]) -> tuple[str, ...]:
    found = {s.instrument_id: s for s in scores}
    lines = [measure_words(m, value=s.value, band=s.band, detail=s.detail) for m in MEASURES if (s := found.get(m))]
    measures = values.get("vital5", {})
    weight, height = measures.get("weight_kg"), measures.get("height_m")
    if isinstance(weight, (int, float)) and isinstance(height, (int, float)):
        lines.insert(1 if "bp" in found else 0, f"Weight {weight:g} kg, height {height:g} m")
    if (alcohol := found.get("auditc")) is not None:
        lines.append(f"Alcohol: {total_words('auditc', alcohol.total, alcohol.band, alcohol.prorated)}")
    return tuple(lines)


def _answers(values: dict[str, dict[str, int | float | str]]) -> tuple[tuple[str, tuple[ItemAnswer, ...]], ...]:
    return tuple((load_instrument(i).title, instrument_answers(i, values[i])) for i in QUESTIONNAIRES if i in values)
