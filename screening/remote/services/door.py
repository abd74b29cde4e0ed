"""The remote door: a token opens to a date-of-birth check, then to one sitting (issue 17; s9).

Design decisions:
- `open_link` says only whether the link opens (or the one reason it does not); it reveals
  nothing about the patient, and an unknown token costs one indexed lookup by its hash.
- `check_birth_date` compares the date typed with the patient's; a wrong one is counted on
  the invitation (row locked while counted, so two devices cannot both get a fifth try)
  and the fifth locks it until staff reissue. Each refusal and the lock are audited, with
  the count only.
- The right date admits: the sitting the invitation began before (resume on any device),
  else, when the appointment has no sitting begun on the tablet (one per appointment: a
  completed one reads "already answered", any other "no longer works"), a new one (`remote` set, mode "self", the patient's preferred language where it is
  offered, else English), kept on the invitation. The caller keeps the returned
  `LinkHolder` in the browser session; every later call checks the link again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Patient, RemoteInvitation, RemoteLink, ScreeningSession
from screening.audit.services.audit import record_event
from screening.languages.rules.language_names import tag_for_preferred
from screening.policy import LinkHolder
from screening.remote.rules.links import MAX_WRONG_BIRTH_DATES, looks_like_token, token_hash
from screening.sittings.rules.remote_door import Door, door
from screening.sittings.services.remote_door import link_state
from screening.sittings.services.sittings import start_session

PATIENT = LinkHolder.username  # the audit log's actor for what the patient does


@dataclass(frozen=True)
class Opened:
    door: Door
    link_id: int | None = None


class BirthDate(StrEnum):
    ADMITTED = "admitted"
    WRONG = "birth_date_wrong"  # the patient-text key they read
    LOCKED = "link_locked"


@dataclass(frozen=True)
class Checked:
    outcome: BirthDate | Door  # a Door when the link stopped opening meanwhile
    holder: LinkHolder | None = None


def open_link(session: Session, token: str | None, *, now: datetime) -> Opened:
    """Whether the token's link opens now; nothing about whose it is."""
    if not looks_like_token(token):
        return Opened(Door.UNKNOWN)
    link_id = session.scalar(select(RemoteLink.id).where(RemoteLink.token_hash == token_hash(str(token))))
    if link_id is None:
        return Opened(Door.UNKNOWN)
    state, _ = link_state(session, link_id)
    return Opened(door(state, now), link_id)


def check_birth_date(
    session: Session, link_id: int, born: date, *, offered: Collection[str], now: datetime,
    chosen: str | None = None, app_session: str | None = None,
) -> Checked:  # fmt: skip
    """Admit on the right date of birth; count a wrong one, and lock on the fifth. A new sitting
    begins in `chosen` (the language the patient picked at the door) when it is offered."""
    state, invitation = link_state(session, link_id)
    opened = door(state, now)
    if opened is not Door.OPEN or invitation is None:
        return Checked(opened)
    invitation = session.scalar(
        select(RemoteInvitation).where(RemoteInvitation.id == invitation.id)
        .with_for_update().execution_options(populate_existing=True)
    )  # fmt: skip
    assert invitation is not None
    if invitation.locked_at is not None:
        return Checked(BirthDate.LOCKED)
    patient = session.get_one(Patient, invitation.patient_id)
    if born != patient.date_of_birth:
        invitation.wrong_birth_dates += 1
        locked = invitation.wrong_birth_dates >= MAX_WRONG_BIRTH_DATES
        if locked:
            invitation.locked_at = now
        _audit(session, "remote.locked" if locked else "remote.birth_date_refused", invitation, app_session,
               {"wrong_birth_dates": invitation.wrong_birth_dates})  # fmt: skip
        return Checked(BirthDate.LOCKED if locked else BirthDate.WRONG)
    in_clinic = _clinic_sitting(session, invitation)
    if in_clinic is not None:  # screened, or being screened, on the tablet: one sitting per appointment
        return Checked(Door.FINISHED if in_clinic == "completed" else Door.REVOKED)
    sitting = _sitting(session, invitation, patient, offered, chosen, now)
    if sitting.status != "in_progress":
        return Checked(Door.FINISHED if sitting.status == "completed" else Door.REVOKED)
    _audit(session, "remote.admitted", invitation, app_session, {"session_id": sitting.id})
    return Checked(BirthDate.ADMITTED, LinkHolder(invitation.id, link_id, sitting.id))


def _clinic_sitting(session: Session, invitation: RemoteInvitation) -> str | None:
    """The status of a sitting for this appointment begun in clinic (not through the link), if any."""
    if invitation.screening_session_id is not None:
        return None
    statuses = set(session.scalars(select(ScreeningSession.status).where(
        ScreeningSession.attendance_id == invitation.attendance_id)))  # fmt: skip
    if not statuses:
        return None
    return "completed" if "completed" in statuses else "open"


def _sitting(session: Session, invitation: RemoteInvitation, patient: Patient, offered: Collection[str],
             chosen: str | None, now: datetime) -> ScreeningSession:  # fmt: skip
    """The invitation's sitting, begun now if it has none."""
    if invitation.screening_session_id is not None:
        return session.get_one(ScreeningSession, invitation.screening_session_id)
    preferred = chosen if chosen is not None and chosen != "en" else tag_for_preferred(patient.preferred_language)
    sitting = start_session(
        session, patient_id=patient.id, clinic_id=invitation.clinic_id, attendance_id=invitation.attendance_id,
        mode="self", language=preferred if preferred is not None and preferred in offered else "en", staff_user_id=None,
        idempotency_key=f"remote-invitation-{invitation.id}", now=now, remote=True,
    )  # fmt: skip
    session.flush()
    invitation.screening_session_id = sitting.id
    record_event(session, actor=PATIENT, actor_user_id=None, action="session.started", entity_type="screening_session",
                 entity_id=sitting.id, app_session=None, detail={"mode": "remote"})  # fmt: skip
    return sitting


def _audit(session: Session, action: str, invitation: RemoteInvitation, app_session: str | None,
           detail: dict[str, int]) -> None:  # fmt: skip
    record_event(session, actor=PATIENT, actor_user_id=None, action=action, entity_type="remote_invitation",
                 entity_id=invitation.id, app_session=app_session, detail=detail)  # fmt: skip
