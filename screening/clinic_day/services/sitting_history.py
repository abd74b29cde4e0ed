"""Two questions the clinic list asks of many patients at once, one query each.

- Which is each attendance's latest sitting (its status is the row's screening status)?
- When did each patient last complete a sitting, anywhere? ("last screened")

One query per question for the whole list, never one per row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Flag, ScreeningSession


def latest_sittings(session: Session, attendance_ids: list[int]) -> dict[int, tuple[int, str, bool]]:
    """(sitting id, status, closed) of each attendance's latest sitting."""
    result: dict[int, tuple[int, str, bool]] = {}
    if attendance_ids:
        query = (
            select(ScreeningSession.attendance_id, ScreeningSession.id, ScreeningSession.status,
                   ScreeningSession.ended_at)
            .where(ScreeningSession.attendance_id.in_(attendance_ids))
            .order_by(ScreeningSession.started_at, ScreeningSession.id)
        )  # fmt: skip
        for attendance_id, sitting_id, status, ended_at in session.execute(query):
            result[attendance_id] = (sitting_id, status, ended_at is not None)  # type: ignore[index]  # IN: never NULL
    return result


def last_completed(session: Session, patient_ids: set[int]) -> dict[int, datetime]:
    """When each patient last completed a sitting, at any clinic (patients never screened are absent)."""
    if not patient_ids:
        return {}
    query = (
        select(ScreeningSession.patient_id, func.max(ScreeningSession.completed_at))
        .where(ScreeningSession.patient_id.in_(patient_ids), ScreeningSession.status == "completed")
        .group_by(ScreeningSession.patient_id)
    )
    return {patient_id: last for patient_id, last in session.execute(query)}  # type: ignore[misc]  # completed: set (CHECK)


def unacknowledged_urgent(session: Session, attendance_ids: list[int]) -> dict[int, int]:
    """How many urgent flags no one has acknowledged, per attendance (those with none are absent).

    Raised the moment item 9 is answered (clinical reference s1 v2), so the clinic list
    shows it while the patient is still holding the tablet.
    """
    if not attendance_ids:
        return {}
    query = (
        select(ScreeningSession.attendance_id, func.count(Flag.id))
        .join(Flag, Flag.session_id == ScreeningSession.id)
        .where(ScreeningSession.attendance_id.in_(attendance_ids), Flag.priority == "urgent",
               Flag.status == "open")
        .group_by(ScreeningSession.attendance_id)
    )  # fmt: skip
    return {attendance_id: count for attendance_id, count in session.execute(query)}  # type: ignore[misc]  # IN: never NULL
