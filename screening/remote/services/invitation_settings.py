"""Which clinics invite patients to screen before the visit, and how many days before (issue 17).

Design decisions:
- A clinic with no `ClinicInvitationSetting` row sends no invitations, so turning
  invitations off deletes the row: "off" has one form, and nothing is kept that could
  switch a clinic back on by mistake.
- The days are checked by the pure `invitation_timing.checked_timing` (the table's CHECKs
  back it up), so a refusal names the field and says what to choose.
- MANAGE_SITES_AND_CLINICS, like the rest of the Sites and clinics page; audited as
  `clinic.invitations_set` with the clinic's code and the numbers chosen.
- `now` is taken as by the other remote services; the row keeps no time of its own (the
  audit event records when).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, ClinicInvitationSetting
from screening.audit.services.audit import record_event
from screening.errors import NotFound
from screening.policy import Action, CurrentUser, require
from screening.remote.rules.invitation_timing import InvitationTiming, checked_timing


@dataclass(frozen=True)
class ClinicInvitations:
    clinic_id: int
    code: str
    name: str
    timing: InvitationTiming | None  # None: the clinic does not invite


def invitation_timing(session: Session, clinic_id: int) -> InvitationTiming | None:
    """The clinic's timing, or None when it does not invite patients."""
    return _timing(session.get(ClinicInvitationSetting, clinic_id))


def clinic_invitations(session: Session, actor: CurrentUser) -> list[ClinicInvitations]:
    """Every clinic, by code, with its invitation timing."""
    require(actor, Action.MANAGE_SITES_AND_CLINICS)
    clinics = session.execute(select(Clinic.id, Clinic.code, Clinic.name).order_by(Clinic.code)).all()
    settings = {s.clinic_id: s for s in session.scalars(select(ClinicInvitationSetting))}
    return [ClinicInvitations(c.id, c.code, c.name, _timing(settings.get(c.id))) for c in clinics]


def _timing(row: ClinicInvitationSetting | None) -> InvitationTiming | None:
    return None if row is None else InvitationTiming(row.invite_days_before, row.reminder_days_before)


def set_invitation_settings(
    session: Session, actor: CurrentUser, clinic_id: int, *, enabled: bool, invite_days_before: int,
    reminder_days_before: int | None, now: datetime, app_session: str | None = None,
) -> InvitationTiming | None:  # fmt: skip
    """Turn a clinic's invitations on with this timing, or off (the days are then ignored)."""
    require(actor, Action.MANAGE_SITES_AND_CLINICS)
    clinic = session.get(Clinic, clinic_id)
    if clinic is None:
        raise NotFound("That clinic does not exist any more; reload the page.")
    row = session.get(ClinicInvitationSetting, clinic_id)
    timing = checked_timing(invite_days_before, reminder_days_before) if enabled else None
    if timing is None:
        if row is not None:
            session.delete(row)
        detail: dict[str, object] = {"code": clinic.code, "enabled": False}
    else:
        invite, remind = timing.invite_days_before, timing.reminder_days_before
        if row is None:
            session.add(ClinicInvitationSetting(clinic_id=clinic_id, invite_days_before=invite,
                                                reminder_days_before=remind))  # fmt: skip
        else:
            row.invite_days_before, row.reminder_days_before = invite, remind
        detail = {"code": clinic.code, "enabled": True, "invite_days_before": invite, "reminder_days_before": remind}
    session.flush()
    record_event(session, actor=actor.username, actor_user_id=actor.user_id, action="clinic.invitations_set",
                 entity_type="clinic", entity_id=clinic_id, detail=detail, app_session=app_session)  # fmt: skip
    return timing
