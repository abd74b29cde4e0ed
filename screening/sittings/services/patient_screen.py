"""The questionnaire of one sitting, answered item by item: by the patient, or with staff.

Design decisions:
- Self-completion names the hand-over, which must be open and belong to the signed-in
  staff member: a browser in patient mode reaches only that one sitting, whatever the page
  asks (issue 4). Assisted completion names the sitting, at a site in the user's scope.
- Every answer is saved as it is given (issue 6), through `sittings.record_answers`, and
  each save that changed something is audited with the instrument and the changed item
  ids, never the value; an identical re-save (double tap, replay after an outage) is not.
- A patient at home (issue 17) is a `LinkHolder`, not a user: the sitting is the one their
  link's invitation began, and the link is checked again on every call (revoked, locked
  or expired mid-questionnaire stops it at once). Their answers are audited as the
  patient's, with mode "remote".
- Completion goes through `completion.complete_session`, so a double tap or two tablets
  finishing the same sitting give one completion. The patient learns only whether to
  see the safety message (item 9 above 0 or declined, clinical reference s1 v2): never a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Clinic, Handover, Patient, ScreeningSession, utcnow
from questionnaires import load_instrument
from screening.audit.services.audit import record_event
from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.flags import ITEM_9
from screening.clinical.rules.patient_sections import Step, patient_steps
from screening.errors import ConflictError, PermissionDenied
from screening.policy import Action, CurrentUser, LinkHolder, Respondent, require
from screening.sittings.services.completion import complete_session
from screening.sittings.services.remote_door import check_link_holder
from screening.sittings.services.sittings import AnswerValue, record_answers


@dataclass(frozen=True)
class Where:
    """Which sitting: through a patient hand-over, or directly (assisted, staff at the tablet)."""

    handover_id: int | None = None
    sitting_id: int | None = None


@dataclass(frozen=True)
class PatientForm:
    sitting_id: int
    status: str
    steps: tuple[Step, ...]
    answers: Mapping[str, Mapping[str, AnswerValue]]  # instrument id -> item -> value
    language: str = "en"  # the sitting's language of administration, a BCP 47 tag (issue 16)
    preferred_language: str | None = None  # the patient's PAS preferred language, as recorded ("Somali")


def patient_form(session: Session, *, actor: Respondent, where: Where, now: datetime | None = None) -> PatientForm:
    sitting = sitting_for(session, actor, where, allow_completed=True, now=now)
    answers: dict[str, dict[str, AnswerValue]] = {}
    for row in session.scalars(select(Answer).where(Answer.session_id == sitting.id)):
        value: AnswerValue = (
            DECLINED if row.declined else (row.value_code if row.value_code is not None else _number(row.value_number))
        )
        answers.setdefault(row.instrument_id, {})[row.item_id] = value
    preferred = session.scalar(select(Patient.preferred_language).where(Patient.id == sitting.patient_id))
    steps = patient_steps(sitting.bundle, answers)
    return PatientForm(sitting.id, sitting.status, steps, answers, sitting.language, preferred)


def save_answers(
    session: Session,
    *,
    actor: Respondent,
    where: Where,
    instrument_id: str,
    answers: Mapping[str, AnswerValue],
    app_session: str | None = None,
    now: datetime | None = None,
) -> None:
    """Store answers to one instrument (replacing earlier ones for the same items)."""
    sitting = sitting_for(session, actor, where, now=now)
    instrument = load_instrument(instrument_id)
    if set(answers) - set(instrument.link_ids):
        raise ConflictError("The form sent questions this questionnaire does not have; reload the page.")
    assisted = where.handover_id is None and isinstance(actor, CurrentUser)
    changed = record_answers(
        session,
        sitting.id,
        answers,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        actor_user_id=actor.user_id if assisted else None,  # None: the patient answered
        actor=actor.username,
        now=now,
        app_session=app_session,
    )
    if not changed:
        return  # an identical re-save (a double tap, a replayed save): nothing changed, nothing to audit
    record_event(
        session,
        actor=actor.username,
        actor_user_id=actor.user_id,
        action="answers.saved",
        entity_type="screening_session",
        entity_id=sitting.id,
        app_session=app_session,
        detail={"instrument": instrument.id, "items": sorted(changed), "mode": _mode(actor, assisted)},
    )


def finish(session: Session, *, actor: Respondent, where: Where, now: datetime) -> bool:
    """Complete the sitting; True when the patient should see the safety message (s1 v2):
    item 9 answered above 0 or "prefer not to answer". A double tap gets the same answer."""
    sitting = sitting_for(session, actor, where, allow_completed=True, now=now)
    complete_session(session, sitting.id, actor=actor.username, actor_user_id=actor.user_id, now=now)
    item9 = session.execute(
        select(Answer.value_number, Answer.declined).where(
            Answer.session_id == sitting.id, Answer.instrument_id == "phq9", Answer.item_id == ITEM_9
        )
    ).first()
    return item9 is not None and (item9.declined or (item9.value_number or 0) >= 1)


def sitting_for(
    session: Session, actor: Respondent, where: Where, *, allow_completed: bool = False, now: datetime | None = None
) -> ScreeningSession:
    """The sitting `where` names, checked: the hand-over open and this user's, the site in scope, still open;
    for a link holder, the link still opens and onto this sitting."""
    if isinstance(actor, LinkHolder):
        return _linked_sitting(session, actor, where, allow_completed, now or utcnow())
    if where.handover_id is not None:
        handover = session.get(Handover, where.handover_id)
        if handover is None or handover.user_id != actor.user_id or handover.ended_at is not None:
            raise PermissionDenied("This tablet is not in patient mode any more; hand it to a member of staff.")
        sitting_id = handover.screening_session_id
    elif where.sitting_id is not None:
        sitting_id = where.sitting_id
    else:
        raise ValueError("name a hand-over or a sitting")
    sitting = session.get(ScreeningSession, sitting_id)
    if sitting is None:
        raise ConflictError("This sitting no longer exists; start again from the clinic list.")
    require(actor, Action.RUN_SCREENING, session.get_one(Clinic, sitting.clinic_id).site_id)
    return _open(sitting, allow_completed, "This questionnaire is closed; please hand the tablet to a member of staff.")


def _linked_sitting(
    session: Session, holder: LinkHolder, where: Where, allow_completed: bool, now: datetime
) -> ScreeningSession:
    if where.handover_id is not None or where.sitting_id != holder.sitting_id:
        raise PermissionDenied("This link does not open this questionnaire.")
    check_link_holder(session, holder, holder.sitting_id, now)
    sitting = session.get_one(ScreeningSession, holder.sitting_id)
    return _open(sitting, allow_completed, "This questionnaire is closed. Contact your clinic if you need to.")


def _open(sitting: ScreeningSession, allow_completed: bool, closed: str) -> ScreeningSession:
    allowed = ("in_progress", "completed") if allow_completed else ("in_progress",)
    if sitting.status not in allowed:
        raise ConflictError(closed)
    return sitting


def _mode(actor: Respondent, assisted: bool) -> str:
    return "remote" if isinstance(actor, LinkHolder) else "assisted" if assisted else "self"


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value
