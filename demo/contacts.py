"""The demo's contact details and invitation settings (issue 17): invented, and unable to reach anyone.

Design decisions:
- Mobiles only from Ofcom's drama range (07700 900000-900999), emails only under
  example.com (reserved for documentation, RFC 2606): no message from the demo can reach
  a real person. The drama range holds a thousand numbers, so in a large demo some
  patients share one, as relatives do.
- A mix the invitation journey needs: most patients have a mobile, some also or only an
  email, a few asked for no contact, and some have none at all (the clinic list shows
  them as not invitable).
- Drawn from a `random.Random` of its own, seeded from the demo's seed: the people,
  visits and answers the loader draws from its main generator stay exactly as before.
- Every value goes through the import's own checks (`contact_details`), so the demo
  holds only what an import would have stored.
- Every demo clinic invites 2 days before the visit, with a reminder the day before.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from demo.people import DemoPerson
from models import Clinic, ClinicInvitationSetting, PatientContact
from screening.patients.rules.contact_details import email_address, uk_mobile
from screening.remote.rules.invitation_timing import DEFAULT_INVITE_DAYS, DEFAULT_REMINDER_DAYS

# Shares of the caseload: (mobile, email, no contact) -> weight. The rest have no details.
MIX: dict[tuple[bool, bool, bool], float] = {
    (True, False, False): 0.50,
    (True, True, False): 0.20,
    (False, True, False): 0.10,
    (True, False, True): 0.05,  # asked not to be messaged
    (False, False, False): 0.15,  # nothing on the PAS
}
DRAMA_RANGE = 1000  # 07700 900000 to 07700 900999


def add_demo_contacts(session: Session, seed: int, people: Sequence[DemoPerson], patient_ids: Sequence[int]) -> int:
    """Contact rows for the demo patients (those with any detail); how many were added."""
    rng = random.Random(f"{seed}:contacts")
    kinds, weights = list(MIX), list(MIX.values())
    rows = []
    for n, (person, patient_id) in enumerate(zip(people, patient_ids, strict=True)):
        mobile, email, refuses = rng.choices(kinds, weights)[0]
        if not (mobile or email or refuses):
            continue
        rows.append(PatientContact(
            patient_id=patient_id,
            mobile=uk_mobile(f"07700 900{n % DRAMA_RANGE:03d}") if mobile else None,
            email=email_address(f"{_local(person)}.{n}@example.com") if email else None,
            no_contact=refuses,
        ))  # fmt: skip
    session.add_all(rows)
    session.flush()
    return len(rows)


def add_demo_invitation_settings(session: Session, clinics: Sequence[Clinic]) -> None:
    """Every demo clinic invites patients before the visit, with the default days."""
    session.add_all(
        ClinicInvitationSetting(clinic_id=clinic.id, invite_days_before=DEFAULT_INVITE_DAYS,
                                reminder_days_before=DEFAULT_REMINDER_DAYS)
        for clinic in clinics
    )  # fmt: skip
    session.flush()


def _local(person: DemoPerson) -> str:
    """given.family in plain lower-case letters ("Zoë O'Neill" -> "zo.oneill")."""
    return ".".join(
        re.sub(r"[^a-z]", "", part.lower()) or "patient" for part in (person.given_name, person.family_name)
    )
