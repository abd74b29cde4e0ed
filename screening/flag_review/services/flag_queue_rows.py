"""The queue's filters and rows: what a psychologist may ask for, and what each row says.

Filter codes are checked on construction (a bad priority or status is an `InvalidValue`,
never a silently empty queue). A row's scores are the sitting's PHQ-9, GAD-7 and PHQ-4
totals in words ("PHQ-9 21 (severe)"), read in one query for all rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Score
from screening.clinical.rules.score_words import total_words
from screening.errors import InvalidValue
from screening.flag_review.rules.flag_workflow import STATUS_LABELS

QUEUE_PRIORITIES: tuple[str, ...] = ("urgent", "high", "routine")  # psychological flags (s6)
QUEUE_STATUSES: tuple[str, ...] = ("open", "acknowledged", "contact_attempted")
SHOWN_SCORES: tuple[str, ...] = ("phq9", "gad7", "phq4")


@dataclass(frozen=True)
class QueueFilters:
    site_id: int | None = None
    clinic_id: int | None = None
    priority: str | None = None
    status: str | None = None
    mine: bool = False
    overdue: bool = False

    def __post_init__(self) -> None:
        if self.priority is not None and self.priority not in QUEUE_PRIORITIES:
            raise InvalidValue("priority", f"choose one of {', '.join(QUEUE_PRIORITIES)}.")
        if self.status is not None and self.status not in QUEUE_STATUSES:
            labels = ", ".join(STATUS_LABELS[s].lower() for s in QUEUE_STATUSES)
            raise InvalidValue("status", f"choose one of {labels}.")


@dataclass(frozen=True)
class QueueRow:
    flag_id: int
    version: int  # the version this row shows: an action on it must name it
    patient_id: int
    patient_name: str
    hospital_number: str
    clinic: str
    site: str
    screened_at: datetime
    rule_code: str
    reason: str  # the rule that fired, in plain words
    scores: str
    priority: str
    status: str
    owner: str | None
    owner_id: int | None
    due_at: datetime
    overdue: bool


def queue_rows(session: Session, rows: Sequence[Any], now: datetime) -> tuple[QueueRow, ...]:
    """QueueRows from `flag_queue`'s result rows (in its column order)."""
    scores = _scores(session, {row.session_id for row in rows})
    return tuple(
        QueueRow(
            flag_id=r.id,
            version=r.version,
            patient_id=r.patient_id,
            patient_name=f"{r.given_name} {r.family_name}",
            hospital_number=r.hospital_number or "",
            clinic=r.name,
            site=r.code,
            screened_at=r.completed_at or r.started_at,
            rule_code=r.rule_code,
            reason=r.reason,
            scores=" · ".join(scores.get(r.session_id, [])),
            priority=r.priority,
            status=r.status,
            owner=r.display_name,
            owner_id=r.assignee_user_id,
            due_at=r.due_at,
            overdue=r.due_at < now,
        )
        for r in rows
    )


def _scores(session: Session, session_ids: set[int]) -> dict[int, list[str]]:
    if not session_ids:
        return {}
    found = session.execute(
        select(Score.session_id, Score.instrument_id, Score.total, Score.band, Score.prorated).where(
            Score.session_id.in_(session_ids), Score.instrument_id.in_(SHOWN_SCORES)
        )
    ).all()
    words: dict[int, list[str]] = {}
    for row in sorted(found, key=lambda s: (s.session_id, SHOWN_SCORES.index(s.instrument_id))):
        words.setdefault(row.session_id, []).append(total_words(row.instrument_id, row.total, row.band, row.prorated))
    return words
