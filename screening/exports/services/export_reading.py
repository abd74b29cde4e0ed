"""Reading sittings for export: counted once, then streamed in batches of records.

Design decisions:
- Keyset pages ordered by (started_at, id): each batch is one query for the sittings
  (with patient, clinic and site columns, no ORM objects, so nothing piles up in the
  Session) and one each for their scores, flags and, for FHIR, answers. Memory stays at
  one batch whatever the date range; the cost is a few queries per thousand sittings.
- The filters (Europe/London date range on the start time, statuses, site scope) are
  built in one place, so the count in the audit row and the rows written agree.
  `finished_abandoned` (the FHIR export) keeps only the abandoned sittings that staff
  closed for good (`ended_at` set: one merely swept as idle may still be resumed and
  completed) and that hold an answer or a flag: the others have nothing final to send.
- `sitting_records` reads chosen sittings by id (the FHIR push), with the same queries.
- Reads only; the caller's transaction must stay open while the batches are consumed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import and_, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from models import Answer, Clinic, Flag, Patient, Score, ScreeningSession, Site
from screening.exports.rules.export_records import (
    AnswerFacts,
    ExportRequest,
    FlagFacts,
    PatientFacts,
    ScoreFacts,
    SittingRecord,
)  # fmt: skip

S = ScreeningSession
FHIR_STATUSES = ("completed", "abandoned")
PATIENT_COLUMNS = tuple(getattr(Patient, name) for name in PatientFacts.__dataclass_fields__)
SITTING_COLUMNS = (
    S.id, S.idempotency_key, S.started_at, S.completed_at, S.status, S.decline_reason, S.mode,
    S.language, S.bundle, Site.code, Clinic.code, Clinic.specialty,
)  # fmt: skip
GIVEN_COLUMNS = (
    S.interpreter_used,
    S.read_aloud_used,
    S.remote,
    S.ended_at,
)  # SittingRecord's keyword fields, after the patient's


def finished_for_fhir() -> Any:
    """The sittings with a final FHIR Bundle: completed, or abandoned, closed for good by
    staff and holding an answer or a flag (the FHIR export's and the push's rule)."""
    content = or_(exists().where(Answer.session_id == S.id), exists().where(Flag.session_id == S.id))
    return and_(S.status.in_(FHIR_STATUSES), or_(S.status != "abandoned", and_(S.ended_at.is_not(None), content)))


def _filters(request: ExportRequest, site_ids: frozenset[int] | None, statuses: tuple[str, ...],
             finished_abandoned: bool = False) -> list[Any]:  # fmt: skip
    start, end = request.utc_bounds()
    where = [S.started_at >= start, S.started_at < end, S.status.in_(statuses)]
    if finished_abandoned:
        where.append(finished_for_fhir())
    if site_ids is not None:
        where.append(Clinic.site_id.in_(sorted(site_ids)))
    return where


def count_sittings(
    session: Session,
    request: ExportRequest,
    site_ids: frozenset[int] | None,
    statuses: tuple[str, ...],
    *,
    finished_abandoned: bool = False,
) -> tuple[int, int]:
    """(sittings, distinct patients) the export will hold."""
    query = select(func.count(S.id), func.count(distinct(S.patient_id)))
    query = query.join(Clinic, S.clinic_id == Clinic.id)
    where = _filters(request, site_ids, statuses, finished_abandoned)
    sittings, patients = session.execute(query.where(*where)).one()
    return int(sittings), int(patients)


def sitting_batches(
    session: Session,
    request: ExportRequest,
    site_ids: frozenset[int] | None,
    statuses: tuple[str, ...],
    *,
    with_answers: bool = False,
    finished_abandoned: bool = False,
    batch_size: int = 1000,
) -> Iterator[list[SittingRecord]]:
    """The matching sittings, oldest first, `batch_size` at a time."""
    base = (
        select(*SITTING_COLUMNS, *PATIENT_COLUMNS, *GIVEN_COLUMNS)
        .join(Patient, S.patient_id == Patient.id)
        .join(Clinic, S.clinic_id == Clinic.id)
        .join(Site, Clinic.site_id == Site.id)
        .where(*_filters(request, site_ids, statuses, finished_abandoned))
        .order_by(S.started_at, S.id)
        .limit(batch_size)
    )
    after: tuple[Any, int] | None = None
    while True:
        query = (
            base
            if after is None
            else base.where(or_(S.started_at > after[0], and_(S.started_at == after[0], S.id > after[1])))
        )
        rows = session.execute(query).all()
        if not rows:
            return
        ids = [row[0] for row in rows]
        scores, flags = _scores(session, ids), _flags(session, ids)
        answers = _answers(session, ids) if with_answers else {}
        yield [_record(row, scores, flags, answers) for row in rows]
        after = (rows[-1][2], rows[-1][0])


def sitting_records(session: Session, ids: Iterable[int], *, with_answers: bool = True) -> list[SittingRecord]:
    """The records of the given sittings (those that exist), in id order, whatever their status."""
    ids = sorted(set(ids))
    if not ids:
        return []
    rows = session.execute(
        select(*SITTING_COLUMNS, *PATIENT_COLUMNS, *GIVEN_COLUMNS)
        .join(Patient, S.patient_id == Patient.id)
        .join(Clinic, S.clinic_id == Clinic.id)
        .join(Site, Clinic.site_id == Site.id)
        .where(S.id.in_(ids))
        .order_by(S.id)
    ).all()
    scores, flags = _scores(session, ids), _flags(session, ids)
    answers = _answers(session, ids) if with_answers else {}
    return [_record(row, scores, flags, answers) for row in rows]


def _record(row: Any, scores: dict[int, list[ScoreFacts]], flags: dict[int, list[FlagFacts]],
            answers: dict[int, list[AnswerFacts]]) -> SittingRecord:  # fmt: skip
    sitting, patient = row[: len(SITTING_COLUMNS)], row[len(SITTING_COLUMNS) : -len(GIVEN_COLUMNS)]
    interpreter_used, read_aloud_used, remote, ended_at = row[-len(GIVEN_COLUMNS) :]
    return SittingRecord(  # type: ignore[misc]  # `*sitting` is the first 12 fields; mypy cannot count a slice of Any
        *sitting, patient=PatientFacts(*patient), scores=tuple(scores[sitting[0]]),
        interpreter_used=interpreter_used, read_aloud_used=bool(read_aloud_used), remote=bool(remote),
        ended_at=ended_at, flags=tuple(flags[sitting[0]]), answers=tuple(answers.get(sitting[0], ())),
    )  # fmt: skip


def _grouped(rows: Iterable[Any], make: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(make(*row[1:]))
    return grouped


def _scores(session: Session, ids: list[int]) -> dict[int, list[ScoreFacts]]:
    columns = (Score.session_id, Score.instrument_id, Score.raw_sum, Score.total, Score.band,
               Score.prorated, Score.complete, Score.value, Score.detail)  # fmt: skip
    return _grouped(session.execute(select(*columns).where(Score.session_id.in_(ids))), ScoreFacts)


def _flags(session: Session, ids: list[int]) -> dict[int, list[FlagFacts]]:
    columns = (Flag.session_id, Flag.rule_code, Flag.priority, Flag.kind, Flag.reason, Flag.status,
               Flag.created_at, Flag.closed_at)  # fmt: skip
    query = select(*columns).where(Flag.session_id.in_(ids)).order_by(Flag.id)
    return _grouped(session.execute(query), FlagFacts)


def _answers(session: Session, ids: list[int]) -> dict[int, list[AnswerFacts]]:
    columns = (Answer.session_id, Answer.instrument_id, Answer.instrument_version, Answer.item_id,
               Answer.value_number, Answer.value_code, Answer.declined)  # fmt: skip
    query = select(*columns).where(Answer.session_id.in_(ids)).order_by(Answer.id)
    return _grouped(session.execute(query), AnswerFacts)
