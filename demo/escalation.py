"""The demo's escalation set-up: weekday clinic hours, invented contacts, an out-of-hours contact.

So the demo escalates into the outbox (clinical reference s6, v2). Every clinic is open
09:00-17:00 London time, Monday to Friday, and escalates after 30 minutes; each has one
or two invented contacts. Mobiles are in Ofcom's drama range (07700 900000-900999) and
email addresses under example.nhs.uk, so nothing here can reach a real person.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Clinic, ClinicEscalationSetting, ClinicHours, EscalationContact, OutOfHoursContact

ROLES = ("Consultant haematologist", "Clinical nurse specialist", "Clinical psychologist")
NAMES = ("Dr Ada Hart", "Sam Okafor", "Dr Priya Raman", "Tom Ellery", "Dr Grace Mensah", "Ifeoma Adeyemi",
         "Dr Luca Bianchi", "Hannah Cole")  # fmt: skip


def add_demo_escalation(session: Session, clinics: list[Clinic]) -> None:
    """Hours, delay and contacts for every demo clinic, and the service's out-of-hours contact."""
    n = 0
    for index, clinic in enumerate(clinics):
        session.add_all(ClinicHours(clinic_id=clinic.id, weekday=day, opens_minute=540, closes_minute=1020)
                        for day in range(5))  # fmt: skip
        session.add(ClinicEscalationSetting(clinic_id=clinic.id, delay_minutes=30))
        for position in range(1, 2 + index % 2):  # one or two contacts, alternately
            n += 1
            name = NAMES[n % len(NAMES)]
            mobile = f"07700900{n:03d}" if position == 1 else None
            email = f"{name.lower().replace('dr ', '').replace(' ', '.')}@example.nhs.uk"
            session.add(EscalationContact(clinic_id=clinic.id, position=position, name=name,
                                          role=ROLES[(n + position) % len(ROLES)], mobile=mobile, email=email))  # fmt: skip
    session.add(OutOfHoursContact(id=1, name="On-call liaison psychiatrist", role="Liaison psychiatry (out of hours)",
                                  mobile="07700900999", email="liaison.oncall@example.nhs.uk"))  # fmt: skip
    session.flush()
