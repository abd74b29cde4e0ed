"""The psychologist's patient view: every screen over time, the flags and what was done (issue 7).

Design decisions:
- `require(actor, VIEW_PATIENT_HISTORY)` first; then only sittings at the actor's sites
  are read (site scope), and a patient with none there is "not found" whether or not the
  patient exists elsewhere, so the view cannot be used to learn who attends other sites.
- Opening the view is audited (`open_patient`: "patient.history_viewed", with counts
  only). A page re-reads the same patient on every rerun while it stays open
  (`patient_history`, not audited), so the log records each opening once, not every
  click or the idle watcher's minute-by-minute rerun.
- Every sitting, oldest first, including one still in progress: an item 9 answer raises
  its URGENT flag the moment it is stored (clinical reference s1 v2), and the psychologist
  who opens that flag from the queue must see it and its answers while the patient may
  still be holding the tablet. Psychological flags of those sittings, with their actions
  (`patient_flags`), and for each flag site the people a flag can be handed to.
- Plain frozen rows throughout; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Clinic, Patient, ScreeningSession, Site
from screening.audit.services.audit import record_event
from screening.errors import NotFound
from screening.flag_review.services.flag_owners import Owner, flag_owners_at
from screening.flag_review.services.patient_flags import FlagView, flag_views
from screening.flag_review.services.patient_sittings import SittingView, sitting_views
from screening.policy import Action, CurrentUser, may, require

SHOWN = ("completed", "declined", "abandoned", "in_progress")


@dataclass(frozen=True)
class PatientSummary:
    patient_id: int
    name: str
    hospital_number: str
    nhs_number: str
    date_of_birth: date


@dataclass(frozen=True)
class PatientHistory:
    patient: PatientSummary
    sittings: tuple[SittingView, ...]  # oldest first
    flags: tuple[FlagView, ...]  # unfinished first, most pressing first
    owners: dict[int, tuple[Owner, ...]]  # flag id -> who could take it over
    may_act: bool
    notes_visible: bool


def open_patient(
    session: Session, actor: CurrentUser, patient_id: int, *, now: datetime, app_session: str | None = None
) -> PatientHistory:
    """The patient view, and an audit event saying this user opened it."""
    history = patient_history(session, actor, patient_id, now=now)
    record_event(
        session, actor=actor.username, actor_user_id=actor.user_id, action="patient.history_viewed",
        entity_type="patient", entity_id=patient_id, app_session=app_session,
        detail={"sittings": len(history.sittings), "flags": len(history.flags)},
    )  # fmt: skip
    return history


def patient_history(session: Session, actor: CurrentUser, patient_id: int, *, now: datetime) -> PatientHistory:
    """The patient view as it is now, for a view already opened (not audited again)."""
    require(actor, Action.VIEW_PATIENT_HISTORY)
    query = (
        select(ScreeningSession.id, func.coalesce(ScreeningSession.completed_at, ScreeningSession.started_at)
               .label("at"), Clinic.name.label("clinic"), Site.code.label("site"), Clinic.site_id,
               ScreeningSession.status, ScreeningSession.decline_reason)
        .join(Clinic, Clinic.id == ScreeningSession.clinic_id)
        .join(Site, Site.id == Clinic.site_id)
        .where(ScreeningSession.patient_id == patient_id, ScreeningSession.status.in_(SHOWN))
        .order_by("at", ScreeningSession.id)
    )  # fmt: skip
    if actor.site_ids is not None:
        query = query.where(Clinic.site_id.in_(actor.site_ids))
    rows = session.execute(query).all()
    if not rows:
        raise NotFound("No screening for this patient at your sites.")
    patient = session.get_one(Patient, patient_id)
    notes = may(actor, Action.VIEW_PSYCHOLOGY_NOTES)
    flags = flag_views(session, [r.id for r in rows], now=now, notes_visible=notes)
    site_of = {r.id: r.site_id for r in rows}
    owners_by_site = {s: flag_owners_at(session, s) for s in {site_of[f.session_id] for f in flags}}
    return PatientHistory(
        PatientSummary(patient.id, f"{patient.given_name} {patient.family_name}", patient.hospital_number or "",
                       patient.nhs_number, patient.date_of_birth),
        sitting_views(session, rows), flags,
        {f.flag_id: owners_by_site[site_of[f.session_id]] for f in flags},
        may(actor, Action.ACT_ON_FLAG), notes,
    )  # fmt: skip
