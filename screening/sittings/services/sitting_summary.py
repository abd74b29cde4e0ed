"""One sitting's summary for staff: who, its state, its results and flags (urgent first).

Design decisions:
- Read-only, and checked on every call: VIEW_SESSION_SUMMARY at the sitting's clinic's
  site. Physical-health flags are the clinic team's (clinical reference s6): a role without
  VIEW_PHYSICAL_FLAGS there gets the summary without them, and is told so.
- Returns the plain values of `screening.sittings.rules.sitting_summaries`, never ORM rows, so the staff
  sitting page, the printable page and the psychologists' view share one shape.
- Results are the stored scores (the completion service wrote them once, from the rules);
  nothing is recomputed here, so what staff read is what was stored and flagged.
- The Vital 5 values saved so far come back too, for the staff form to show.
- The NHS number, date of birth and site come back for the PDF (issue 18): what an EPR's
  document store files a document by. No internal id is printed from them.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Flag, Patient, Score, Site
from questionnaires import load_instrument
from screening.audit.services.audit import record_event
from screening.clinical.rules.flag_codes import FLAG_DESCRIPTIONS, FLAG_NEXT_STEPS, PHYSICAL
from screening.clinical.rules.stored_answers import value_from_columns
from screening.policy import Action, CurrentUser, may
from screening.sittings.rules.sitting_summaries import (
    MEASURE_TITLES,
    SittingSummary,
    SummaryFlag,
    SummaryScore,
    ordered_flags,
)
from screening.sittings.services.sitting_access import sitting_at_my_site


def sitting_summary(session: Session, *, actor: CurrentUser, sitting_id: int) -> SittingSummary:
    sitting, clinic = sitting_at_my_site(session, actor, sitting_id, Action.VIEW_SESSION_SUMMARY)
    patient = session.get_one(Patient, sitting.patient_id)
    answers = session.execute(
        select(Answer.instrument_id, Answer.item_id, Answer.value_number, Answer.value_code, Answer.declined).where(
            Answer.session_id == sitting.id
        )
    ).all()
    vital5 = {item: value_from_columns(number, code, declined)
              for instrument, item, number, code, declined in answers if instrument == "vital5"}  # fmt: skip
    scores = session.scalars(select(Score).where(Score.session_id == sitting.id).order_by(Score.id))
    physical = may(actor, Action.VIEW_PHYSICAL_FLAGS, clinic.site_id)
    flags = session.scalars(select(Flag).where(Flag.session_id == sitting.id).order_by(Flag.id))
    return SittingSummary(
        sitting_id=sitting.id, attendance_id=sitting.attendance_id,
        patient_name=f"{patient.family_name.upper()}, {patient.given_name}",
        hospital_number=patient.hospital_number, clinic=clinic.name, status=sitting.status, mode=sitting.mode,
        started_at=sitting.started_at, completed_at=sitting.completed_at,
        closed=sitting.status == "abandoned" and sitting.ended_at is not None,
        decline_reason=sitting.decline_reason, answered_items=len(answers), vital5=vital5,
        scores=tuple(_score(s) for s in scores),
        flags=ordered_flags(_flag(f) for f in flags if physical or f.kind != PHYSICAL),
        physical_flags_shown=physical, language=sitting.language, interpreter_used=sitting.interpreter_used,
        read_aloud_used=sitting.read_aloud_used, nhs_number=patient.nhs_number,
        date_of_birth=patient.date_of_birth, site=session.get_one(Site, clinic.site_id).name, remote=sitting.remote,
    )  # fmt: skip


def _score(row: Score) -> SummaryScore:
    title = MEASURE_TITLES.get(row.instrument_id) or load_instrument(row.instrument_id).title
    return SummaryScore(row.instrument_id, title, row.total, row.band, row.prorated, row.complete, row.value,
                        row.detail)  # fmt: skip


def _flag(row: Flag) -> SummaryFlag:
    return SummaryFlag(row.rule_code, row.kind, row.priority, row.reason, row.status,
                       FLAG_DESCRIPTIONS.get(row.rule_code, ""), FLAG_NEXT_STEPS.get(row.rule_code, ""), row.id,
                       row.version)  # fmt: skip


def record_summary_printed(
    session: Session,
    *,
    actor: CurrentUser,
    sitting_id: int,
    app_session: str | None = None,
    form: Literal["html", "pdf"] = "html",
) -> None:
    """Audit that a copy of the summary left the system: the printable page ("html") or the PDF for
    the EPR ("pdf", issue 18). The detail names only the format: the id says which sitting."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id, Action.VIEW_SESSION_SUMMARY)
    record_event(
        session,
        actor=actor.username,
        actor_user_id=actor.user_id,
        action="summary.printed",
        entity_type="screening_session",
        entity_id=sitting.id,
        detail=None if form == "html" else {"format": form},
        app_session=app_session,
    )
