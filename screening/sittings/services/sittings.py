"""Starting a screening sitting and saving its answers, safely under retries.

A tablet on hospital Wi-Fi retries: the same "start" may arrive twice, the same page
of answers may be saved twice. So starting is keyed by the tablet's idempotency key
(the second call returns the first row, even when the two race: the unique index
decides and the loser reads the winner's row), and saving an answer is one upsert
(`answer_upserts`) that replaces the stored value for that item instead of adding a
second row: two saves of one item at the same moment never fail, the later one replaces
the earlier, and an identical re-save (a retry, the outage queue replaying) changes,
audits and flags nothing.

Answers are stored exactly as given: a number, a code, or "declined" (prefer not to
answer), never a guessed 0 (clinical reference, section 4). Once a sitting is completed
its answers are frozen: reviewers close flags, they never edit answers (section 6).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Clinic, ScreeningSession
from questionnaires import Instrument, load_instrument
from screening.clinical.rules.codes import SESSION_MODES, SESSION_SOURCES
from screening.clinical.rules.flags import ITEM_9
from screening.clinical.rules.stored_answers import check_item_value
from screening.errors import ConflictError, InvalidValue, NotFound
from screening.sittings.services.answer_upserts import clear_answers, upsert_answers
from screening.sittings.services.risk_flags import item9_saved

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
    remote: bool = False,
) -> ScreeningSession:
    """A new in-progress sitting, or the one this idempotency key already started
    (`remote`: begun from a secure link, issue 17)."""
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
        remote=remote,
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
) -> tuple[str, ...]:
    """Save item answers: a new value replaces the old one; None clears the item.
    Returns the items whose stored answer changed (none for an identical re-save).

    An item 9 answer that changed raises (or updates) its URGENT flag in this same
    transaction (`risk_flags`, clinical reference s1 v2); `actor` is the username that
    change is audited under.
    """
    # FOR SHARE on PostgreSQL: a "Finish" or "Close" (which UPDATE this row) waits for this
    # save to commit, and a save after them sees their status. Saves never block each other.
    sitting = session.get(ScreeningSession, screening_session_id, with_for_update={"read": True})
    if sitting is None:
        raise NotFound(f"Screening session {screening_session_id} does not exist.")
    if sitting.status != "in_progress":
        raise ConflictError(f"This sitting is {sitting.status.replace('_', ' ')}: its answers can no longer change.")
    instrument = _instrument(instrument_id, instrument_version)
    for item_id, value in answers.items():
        if value is not None:
            # Refuse before any row changes (the upsert bypasses the model's own check).
            check_item_value(instrument, item_id, value)
    given = {item_id: value for item_id, value in answers.items() if value is not None}
    changed = upsert_answers(session, sitting.id, given, instrument_id=instrument_id,
                             instrument_version=instrument_version, actor_user_id=actor_user_id)  # fmt: skip
    changed |= clear_answers(session, sitting.id, {item_id for item_id, value in answers.items() if value is None})
    if changed:
        _still_in_progress(session, sitting.id)
    if instrument_id == "phq9" and ITEM_9 in changed:
        item9_saved(
            session, sitting_id=sitting.id, patient_id=sitting.patient_id, answer=answers[ITEM_9],
            actor=actor, actor_user_id=actor_user_id, now=now or datetime.now(UTC), app_session=app_session,
        )  # fmt: skip
    return tuple(item_id for item_id in answers if item_id in changed)


def _instrument(instrument_id: str, instrument_version: str) -> Instrument:
    instrument = load_instrument(instrument_id)
    if instrument_version != instrument.version:
        # Answers stored against another version could later be scored by the wrong rules.
        raise ConflictError(
            f"The form used {instrument_id} version {instrument_version}, but version "
            f"{instrument.version} is installed: reload the page and answer again."
        )
    return instrument


def _still_in_progress(session: Session, sitting_id: int) -> None:
    """SQLite has no FOR SHARE: a Finish may have committed between the first read and the
    write. Having written, this transaction holds the write lock and reads the newest
    status; if the sitting ended meanwhile, refuse (the caller rolls the answers back)."""
    status = session.scalar(select(ScreeningSession.status).where(ScreeningSession.id == sitting_id))
    if status != "in_progress":
        raise ConflictError(
            f"This sitting was {str(status).replace('_', ' ')} a moment ago: this answer was not saved."
        )


def _by_key(session: Session, idempotency_key: str) -> ScreeningSession | None:
    return session.scalar(select(ScreeningSession).where(ScreeningSession.idempotency_key == idempotency_key))


def _same_patient(sitting: ScreeningSession, patient_id: int) -> ScreeningSession:
    # A reused key for another patient would show one patient's sitting as another's.
    if sitting.patient_id != patient_id:
        raise ConflictError("This sitting key belongs to another patient's sitting; start again.")
    return sitting
