"""Reading each clinic's escalation set-up (hours, delay, contacts) and the out-of-hours contact.

Shared by the escalation pass (which needs `EscalationSetup`s for the rule) and the
administrator's page (which shows what is configured). A clinic with no settings row has
the default delay; with no hours rows it is never open, so every urgent flag there goes
to the out-of-hours contact at once: the safe reading of "nobody said when it is open".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ClinicEscalationSetting, ClinicHours, EscalationContact, OutOfHoursContact
from screening.escalation.rules.clinic_hours import WeeklyHours
from screening.escalation.rules.escalation_contacts import Contact
from screening.escalation.rules.escalation_rules import DEFAULT_DELAY_MINUTES, EscalationSetup


def _contact(row: EscalationContact | OutOfHoursContact) -> Contact:
    return Contact(row.name, row.role, row.mobile, row.email)


def out_of_hours_contact(session: Session) -> Contact | None:
    row = session.get(OutOfHoursContact, 1)
    return None if row is None else _contact(row)


def escalation_setups(session: Session, clinic_ids: Iterable[int]) -> dict[int, EscalationSetup]:
    """Each clinic's set-up, read in three queries whatever the number of clinics."""
    ids = sorted(set(clinic_ids))
    if not ids:
        return {}
    hours: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for row in session.scalars(select(ClinicHours).where(ClinicHours.clinic_id.in_(ids))):
        hours[row.clinic_id][row.weekday] = (row.opens_minute, row.closes_minute)
    delay_query = select(ClinicEscalationSetting).where(ClinicEscalationSetting.clinic_id.in_(ids))
    delays = {row.clinic_id: row.delay_minutes for row in session.scalars(delay_query)}
    contacts: dict[int, list[Contact]] = defaultdict(list)
    query = (
        select(EscalationContact)
        .where(EscalationContact.clinic_id.in_(ids))
        .order_by(EscalationContact.clinic_id, EscalationContact.position)
    )
    for contact in session.scalars(query):
        contacts[contact.clinic_id].append(_contact(contact))
    night = out_of_hours_contact(session)
    return {
        clinic_id: EscalationSetup(
            WeeklyHours(hours[clinic_id]),
            delays.get(clinic_id, DEFAULT_DELAY_MINUTES),
            tuple(contacts[clinic_id]),
            night,
        )
        for clinic_id in ids
    }
