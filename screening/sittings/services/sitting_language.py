"""How a sitting was given: its language, an interpreter, read-aloud (issue 16, clinical reference s9).

Design decisions:
- Three small writes, each one user action in the caller's transaction (never committed
  here), each audited like any other change to a sitting (`record_sitting_event`) with
  codes only, and none audited when it changed nothing (a double tap, a re-run).
- The language is the patient's choice on the welcome screen, and only before the first
  answer: the questions already answered were read in the old language, so changing it
  afterwards would make the record say something untrue. Vital 5 readings do not count
  as answers here: staff enter them, in no patient language, before handing over.
- The language must be one the tablet offers (`offered`, from `ui.tablet.wording`): the
  service cannot know the catalogue, so the caller passes it and the service checks.
- Read-aloud is set the first time the patient uses it and never unset: one conditional
  UPDATE, so two taps at once still write (and audit) once.
- An interpreter is recorded by staff, Yes, No or not recorded (None), at any time: an
  interpreter's help is often noted after the sitting ends.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Answer, ScreeningSession
from screening.audit.services.audit import record_sitting_event
from screening.errors import ConflictError, InvalidValue
from screening.policy import CurrentUser, Respondent
from screening.sittings.services.patient_screen import Where, sitting_for
from screening.sittings.services.sitting_access import sitting_at_my_site

INTERPRETER_CODES = {True: "yes", False: "no", None: "not_recorded"}


def set_sitting_language(
    session: Session,
    *,
    actor: Respondent,
    where: Where,
    tag: str,
    offered: Collection[str],
    now: datetime,
    app_session: str | None = None,
) -> bool:
    """Give the sitting in `tag` (one of the `offered` tags); True if that changed it.

    Refused (ConflictError) once the patient has answered a question."""
    if tag not in offered:
        raise InvalidValue("Language", "that language is not offered on this tablet; choose one from the list.")
    sitting = sitting_for(session, actor, where, now=now)
    if sitting.language == tag:
        return False
    answered = session.scalar(
        select(Answer.id).where(Answer.session_id == sitting.id, Answer.instrument_id != "vital5").limit(1)
    )
    if answered is not None:
        raise ConflictError(
            "The language cannot change once questions have been answered: carry on in this language, "
            "or ask a member of staff."
        )
    sitting.language, sitting.updated_at = tag, now
    record_sitting_event(session, actor, "session.language_set", sitting.id, app_session=app_session,
                         detail={"language": tag})  # fmt: skip
    return True


def mark_read_aloud_used(
    session: Session, *, actor: Respondent, where: Where, now: datetime, app_session: str | None = None
) -> bool:
    """Record that read-aloud was used in this sitting; True only the first time."""
    sitting = sitting_for(session, actor, where, now=now)
    changed = session.execute(
        update(ScreeningSession)
        .where(ScreeningSession.id == sitting.id, ScreeningSession.read_aloud_used.is_(False))
        .values(read_aloud_used=True, updated_at=now)
    ).rowcount  # type: ignore[attr-defined]
    if not changed:
        return False
    record_sitting_event(session, actor, "session.read_aloud_used", sitting.id, app_session=app_session)
    return True


def set_interpreter_used(
    session: Session,
    *,
    actor: CurrentUser,
    sitting_id: int,
    used: bool | None,
    now: datetime,
    app_session: str | None = None,
) -> bool:
    """Record whether an interpreter helped (None: not recorded); True if that changed it."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id, lock=True)
    if sitting.interpreter_used is used:
        return False
    sitting.interpreter_used, sitting.updated_at = used, now
    record_sitting_event(session, actor, "session.interpreter_recorded", sitting.id, app_session=app_session,
                         detail={"interpreter_used": INTERPRETER_CODES[used]})  # fmt: skip
    return True
