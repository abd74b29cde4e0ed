"""Writing a batch of new historical sittings: sitting rows, answers, then scores and flags.

Design decisions:
- A sitting is linked to the patient's attendance at the same clinic on the same
  (London) day when there is one, so historical screens count in uptake like live ones.
- One bulk INSERT per table per batch (sittings, whose ids are taken first, then
  answers, scores, flags, flag actions; see `bulk_rows`): a 50,000-row file costs a
  few hundred statements, not several per sitting.
- The idempotency key (unique, set by tablets for retried starts) is derived from the
  session_ref so it is stable and cannot collide with a tablet's random key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Attendance, ScreeningSession
from screening.imports.rules.import_fields import LONDON
from screening.imports.rules.screening_rows import SittingRow
from screening.imports.services.bulk_rows import insert_returning_ids, insert_rows, one_of
from screening.imports.services.historical_results import PendingResults
from screening.imports.services.import_context import RunContext
from screening.sites.services.reference_data import ClinicCode
from screening.sittings.rules.sitting_results import AnswerRow, SittingResults


class NewSitting(NamedTuple):
    row: SittingRow
    patient_id: int
    clinic: ClinicCode
    answers: list[AnswerRow]
    results: SittingResults | None  # None for a declined sitting

    @property
    def visit(self) -> tuple[int, int, date]:
        return self.patient_id, self.clinic.id, self.row.at.astimezone(LONDON).date()


def count_sittings(session: Session, new: list[NewSitting], run: RunContext, *, open_flags: bool) -> None:
    """Count what `write_sittings` would write, in `run`, writing nothing (the import's check)."""
    attended = same_day_attendances(session, (s.visit for s in new))
    pending = PendingResults(open_flags)
    for s in new:
        if s.results is not None:
            pending.add(0, s.patient_id, s.results, run, s.row.at)
    pending.count(run)
    run.inserted += len(new)
    run.details["linked_to_attendance"] += sum(s.visit in attended for s in new)


def write_sittings(session: Session, new: list[NewSitting], run: RunContext, *, open_flags: bool) -> None:
    attended = same_day_attendances(session, (s.visit for s in new))
    sittings = [_sitting(s, attended.get(s.visit), run.now) for s in new]
    ids = insert_returning_ids(session, ScreeningSession.__table__, sittings)
    # The answers passed `check_item_value` (the tablet's check) when the file was read.
    answers = [{"session_id": i, **a._asdict(), "created_at": run.now, "updated_at": run.now}
               for i, s in zip(ids, new, strict=True) for a in s.answers]  # fmt: skip
    insert_rows(session, Answer.__table__, answers)
    pending = PendingResults(open_flags)
    for sitting_id, s in zip(ids, new, strict=True):
        if s.results is not None:
            pending.add(sitting_id, s.patient_id, s.results, run, s.row.at)
    pending.write(session, run)
    run.inserted += len(ids)
    run.details["linked_to_attendance"] += sum(s["attendance_id"] is not None for s in sittings)


def _sitting(new: NewSitting, attendance_id: int | None, now: datetime) -> dict[str, Any]:
    row = new.row
    return {
        "patient_id": new.patient_id, "clinic_id": new.clinic.id, "attendance_id": attendance_id,
        "bundle": new.clinic.bundle, "source": "import", "source_ref": row.session_ref, "mode": row.mode,
        "status": row.status, "started_at": row.at, "decline_reason": row.decline_reason,
        "completed_at": row.at if row.status == "completed" else None,
        "ended_at": row.at if row.status == "declined" else None,
        "idempotency_key": "import-" + hashlib.sha256(row.session_ref.encode()).hexdigest()[:48],
        "language": "en", "created_at": now, "updated_at": now,
    }  # fmt: skip


def same_day_attendances(session: Session, wanted: Iterable[tuple[int, int, date]]) -> dict[tuple[int, int, date], int]:
    """(patient, clinic, London day) -> the first attendance that matches, where one does."""
    keys = set(wanted)
    if not keys:
        return {}
    found: dict[tuple[int, int, date], int] = {}
    rows = session.execute(
        select(Attendance.id, Attendance.patient_id, Attendance.clinic_id, Attendance.appointment_at)
        .where(one_of(session, Attendance.patient_id, {k[0] for k in keys})).order_by(Attendance.id)
    )  # fmt: skip
    for row in rows:
        key = (row.patient_id, row.clinic_id, row.appointment_at.astimezone(LONDON).date())
        if key in keys:
            found.setdefault(key, row.id)
    return found
