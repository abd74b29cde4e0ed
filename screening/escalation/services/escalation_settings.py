"""The administrator's escalation settings: each clinic's hours, delay and contacts; the out-of-hours contact.

Design decisions:
- MANAGE_SITES_AND_CLINICS, like the rest of the Sites and clinics page.
- Everything typed is checked by the pure rules first (`clinic_hours.parse_period`,
  `escalation_contacts.contact_from_form`), so a refusal names the field and says what to
  type; nothing is written unless the whole form is valid.
- A save replaces the clinic's hours and contact list as a whole (the list is short and
  its order is the point). Escalations already sent keep their own copy of who was told.
- Audited with codes and counts only (`clinic.escalation_updated`,
  `service.out_of_hours_contact_updated`): never a name, number or address.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Clinic, ClinicEscalationSetting, ClinicHours, EscalationContact, OutOfHoursContact
from screening.audit.services.audit import record_event
from screening.errors import InvalidValue, NotFound
from screening.escalation.rules.clinic_hours import parse_period
from screening.escalation.rules.escalation_contacts import Contact, contact_from_form
from screening.escalation.rules.escalation_rules import DELAY_RANGE, EscalationSetup
from screening.escalation.services.escalation_setup import escalation_setups, out_of_hours_contact
from screening.policy import Action, CurrentUser, require

MAX_CONTACTS = 5
ContactFields = tuple[str, str, str, str]  # name, role, mobile, email as typed


@dataclass(frozen=True)
class ClinicEscalation:
    clinic_id: int
    code: str
    name: str
    setup: EscalationSetup


def escalation_settings(session: Session, actor: CurrentUser) -> tuple[list[ClinicEscalation], Contact | None]:
    """Every clinic's set-up, by clinic code, and the out-of-hours contact."""
    require(actor, Action.MANAGE_SITES_AND_CLINICS)
    clinics = session.execute(select(Clinic.id, Clinic.code, Clinic.name).order_by(Clinic.code)).all()
    setups = escalation_setups(session, [c.id for c in clinics])
    return [ClinicEscalation(c.id, c.code, c.name, setups[c.id]) for c in clinics], out_of_hours_contact(session)


def save_clinic_escalation(
    session: Session, clinic_code: str, *, hours: Mapping[int, str], delay_minutes: int,
    contacts: Sequence[ContactFields], actor: CurrentUser,
) -> None:  # fmt: skip
    """Replace one clinic's hours (weekday -> "09:00-17:00" or blank), delay and contact list."""
    require(actor, Action.MANAGE_SITES_AND_CLINICS)
    clinic = session.scalar(select(Clinic).where(Clinic.code == (clinic_code or "").strip().upper()))
    if clinic is None:
        raise NotFound(f"No clinic with code {clinic_code or '(blank)'}: add it first.")
    periods = {day: parse_period(day, hours.get(day, "")) for day in range(7)}
    if delay_minutes not in DELAY_RANGE:
        raise InvalidValue(
            "Escalation delay", f"give a number of minutes from {DELAY_RANGE.start} to {DELAY_RANGE.stop - 1}."
        )
    if len(contacts) > MAX_CONTACTS:
        raise InvalidValue("Contacts", f"a clinic has at most {MAX_CONTACTS} escalation contacts.")
    listed = [c for i, fields in enumerate(contacts, start=1) if (c := contact_from_form(f"Contact {i}", *fields))]
    session.execute(delete(ClinicHours).where(ClinicHours.clinic_id == clinic.id))
    session.execute(delete(EscalationContact).where(EscalationContact.clinic_id == clinic.id))
    session.flush()
    session.add_all(ClinicHours(clinic_id=clinic.id, weekday=day, opens_minute=p[0], closes_minute=p[1])
                    for day, p in periods.items() if p is not None)  # fmt: skip
    session.add_all(EscalationContact(clinic_id=clinic.id, position=i, name=c.name, role=c.role, mobile=c.mobile,
                                      email=c.email) for i, c in enumerate(listed, start=1))  # fmt: skip
    setting = session.get(ClinicEscalationSetting, clinic.id)
    if setting is None:
        session.add(ClinicEscalationSetting(clinic_id=clinic.id, delay_minutes=delay_minutes))
    else:
        setting.delay_minutes = delay_minutes
    session.flush()
    detail = {"code": clinic.code, "open_days": sum(p is not None for p in periods.values()),
              "delay_minutes": delay_minutes, "contacts": len(listed)}  # fmt: skip
    _audit(session, actor, "clinic.escalation_updated", "clinic", clinic.id, detail)


def save_out_of_hours_contact(session: Session, fields: ContactFields, *, actor: CurrentUser) -> Contact | None:
    """Set the service's out-of-hours contact; four blank fields remove it."""
    require(actor, Action.MANAGE_SITES_AND_CLINICS)
    contact = contact_from_form("Out-of-hours contact", *fields)
    row = session.get(OutOfHoursContact, 1)
    if contact is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(OutOfHoursContact(id=1, name=contact.name, role=contact.role, mobile=contact.mobile,
                                      email=contact.email))  # fmt: skip
    else:
        row.name, row.role, row.mobile, row.email = contact.name, contact.role, contact.mobile, contact.email
    session.flush()
    detail = {"configured": contact is not None, "channel": contact.channel if contact else None}
    _audit(session, actor, "service.out_of_hours_contact_updated", "service", None, detail)
    return contact


def _audit(
    session: Session, actor: CurrentUser, action: str, entity: str, entity_id: int | None, detail: dict[str, Any]
) -> None:
    record_event(session, actor=actor.username, actor_user_id=actor.user_id, action=action, entity_type=entity,
                 entity_id=entity_id, detail=detail)  # fmt: skip
