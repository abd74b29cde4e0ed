"""Starting a screening sitting and saving its answers, safely under retries.

A tablet on hospital Wi-Fi retries: the same "start" may arrive twice, the same page
of answers may be saved twice. So starting is keyed by the tablet's idempotency key
(the second call returns the first row, even when the two race: the unique index
decides and the loser reads the winner's row), and saving an answer replaces the
stored value for that item instead of adding a second row (two saves of one item at the
same moment: the unique index decides again, and the later one replaces the earlier).

Answers are stored exactly as given: a number, a code, or "declined" (prefer not to
answer), never a guessed 0 (clinical reference, section 4). Once a sitting is completed
its answers are frozen: reviewers close flags, they never edit answers (section 6).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Answer, Clinic, ScreeningSession
from questionnaires import Instrument, load_instrument
from screening.answers import DECLINED
from screening.codes import SESSION_MODES, SESSION_SOURCES
from screening.errors import ConflictError, InvalidValue, NotFound
from screening.flags import ITEM_9
from screening.services.risk_flags import item9_saved
from screening.stored_answers import check_item_value

AnswerValue = int | float | str | None


def start_session(
    session: Session,
    *,
    patient_id: int,
    clinic_id: int,
    attendance_id: int | None,
    mode: str,
    language: str,
    staff_user_id: int | None,
    idempotency_key: str,
    now: datetime,
    source: str = "live",
) -> ScreeningSession:
    """A new in-progress sitting, or the one this idempotency key already started."""
    existing = _by_key(session, idempotency_key)
    if existing is not None:
        return _same_patient(existing, patient_id)
    if mode not in SESSION_MODES:
        raise InvalidValue("mode", f"'{mode}' is not one of {', '.join(SESSION_MODES)}.")
    if source not in SESSION_SOURCES:
        raise InvalidValue("source", f"'{source}' is not one of {', '.join(SESSION_SOURCES)}.")
    clinic = session.get(Clinic, clinic_id)
    if clinic is None:
        raise NotFound(f"Clinic {clinic_id} does not exist; choose a clinic from the list.")
    sitting = ScreeningSession(
        patient_id=patient_id,
        clinic_id=clinic_id,
        attendance_id=attendance_id,
        started_at=now,
        created_at=now,
        updated_at=now,  # the idle clock of `abandonment` starts at the passed-in time
        status="in_progress",
        mode=mode,
        language=language,
        bundle=clinic.bundle,  # the clinic's bundle when the sitting began, kept with it
        staff_user_id=staff_user_id,
        source=source,
        idempotency_key=idempotency_key,
    )
    try:
        # A savepoint, so losing a race to a concurrent start keeps the caller's transaction.
        with session.begin_nested():
            session.add(sitting)
    except IntegrityError:
        winner = _by_key(session, idempotency_key)
        if winner is None:
            raise
        return _same_patient(winner, patient_id)
    return sitting


def record_answers(
    session: Session,
    screening_session_id: int,
    answers: Mapping[str, AnswerValue],
    *,
    instrument_id: str,
    instrument_version: str,
    actor_user_id: int | None,
    actor: str = "system",
    now: datetime | None = None,
    app_session: str | None = None,
) -> None:
    """Save item answers: a new value replaces the old one; None clears the item.

    An item 9 answer raises (or updates) its URGENT flag in this same transaction
    (`risk_flags`, clinical reference s1 v2); `actor` is the username that change is
    audited under.
    """
    sitting = session.get(ScreeningSession, screening_session_id)
    if sitting is None:
        raise NotFound(f"Screening session {screening_session_id} does not exist.")
    if sitting.status != "in_progress":
        raise ConflictError(
            f"This sitting is {sitting.status.replace('_', ' ')}: its answers can no longer change."
        )
    instrument = _instrument(instrument_id, instrument_version)
    for item_id, value in answers.items():
        if value is not None:
            # Refuse before any row changes (the model layer checks again at flush).
            check_item_value(instrument, item_id, value)
    stored = {
        a.item_id: a
        for a in session.scalars(
            select(Answer).where(
                Answer.session_id == screening_session_id, Answer.item_id.in_(list(answers))
            )
        )
    }
    for item_id, value in answers.items():
        row = stored.get(item_id)
        if value is None:
            if row is not None:
                session.delete(row)
            continue
        fill = (instrument_id, instrument_version, actor_user_id, value)
        if row is None:
            row = _new_answer(session, screening_session_id, item_id, *fill)
        _fill(row, *fill)
    session.flush()
    if instrument_id == "phq9" and ITEM_9 in answers:
        item9_saved(
            session, sitting_id=sitting.id, patient_id=sitting.patient_id, answer=answers[ITEM_9],  # type: ignore[arg-type]
            actor=actor, actor_user_id=actor_user_id, now=now or datetime.now(timezone.utc), app_session=app_session,
        )  # fmt: skip


def _instrument(instrument_id: str, instrument_version: str) -> Instrument:
    instrument = load_instrument(instrument_id)
    if instrument_version != instrument.version:
        # Answers stored against another version could later be scored by the wrong rules.
        raise ConflictError(
            f"The form used {instrument_id} version {instrument_version}, but version "
            f"{instrument.version} is installed: reload the page and answer again."
        )
    return instrument


def _new_answer(session: Session, sitting_id: int, item_id: str, *fill: Any) -> Answer:
    """A new answer row, or, when another tablet stored this item a moment ago, that row
    (this answer then replaces it, as any later answer does). A savepoint, so losing the
    race keeps the caller's transaction; nothing is stored twice."""
    row = Answer(session_id=sitting_id, item_id=item_id)
    _fill(row, *fill)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        row = session.scalars(select(Answer).where(Answer.session_id == sitting_id, Answer.item_id == item_id)).one()
    return row


def _fill(row: Answer, instrument_id: str, instrument_version: str, actor_user_id: int | None,
          value: int | float | str) -> None:  # fmt: skip
    row.instrument_id = instrument_id
    row.instrument_version = instrument_version
    row.answered_by_user_id = actor_user_id
    _set_value(row, value)


def _set_value(row: Answer, value: int | float | str) -> None:
    row.value_number, row.value_code, row.declined = None, None, False
    if value == DECLINED:
        row.declined = True
    elif isinstance(value, str):
        row.value_code = value
    else:
        row.value_number = float(value)


def _by_key(session: Session, idempotency_key: str) -> ScreeningSession | None:
    return session.scalar(
        select(ScreeningSession).where(ScreeningSession.idempotency_key == idempotency_key)
    )


def _same_patient(sitting: ScreeningSession, patient_id: int) -> ScreeningSession:
    # A reused key for another patient would show one patient's sitting as another's.
    if sitting.patient_id != patient_id:
        raise ConflictError("This sitting key belongs to another patient's sitting; start again.")
    return sitting
