"""Escalation contacts: who is told when an urgent flag waits (clinical reference s6, v2).

Design decisions:
- A contact is a name, a role, and a UK mobile and/or an email address: at least one, so
  every contact can be reached. These are staff work details, not patient data.
- One channel per contact: SMS when a mobile is given (it is read sooner), else email.
- Mobiles are stored as 11 digits starting 07 (Notify accepts that form); typed with
  spaces, dashes or +44 they are accepted. Refusals say what to type, with an example
  from Ofcom's drama range (07700 900123).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screening.errors import InvalidValue

_MOBILE = re.compile(r"^(?:\+44|0044|44|0)(7\d{9})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
NAME_LIMIT, ROLE_LIMIT, EMAIL_LIMIT = 120, 80, 254


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    mobile: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if not (self.mobile or self.email):
            raise ValueError("a contact needs a mobile or an email address")

    @property
    def channel(self) -> str:
        return "sms" if self.mobile else "email"

    @property
    def destination(self) -> str:
        return self.mobile or self.email or ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})"


def mobile_text(mobile: str | None) -> str:
    """07700900123 -> "07700 900123" (how the page shows it)."""
    return "" if not mobile else f"{mobile[:5]} {mobile[5:]}"


def normalise_mobile(label: str, text: str) -> str | None:
    cleaned = re.sub(r"[\s\-().]", "", text or "")
    if not cleaned:
        return None
    match = _MOBILE.match(cleaned)
    if match is None:
        raise InvalidValue(f"{label} mobile", "write a UK mobile number like 07700 900123, or leave it blank.")
    return "0" + match.group(1)


def normalise_email(label: str, text: str) -> str | None:
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if len(cleaned) > EMAIL_LIMIT or _EMAIL.match(cleaned) is None:
        raise InvalidValue(f"{label} email", "write an email address like duty.psychologist@example.nhs.uk.")
    return cleaned


def contact_from_form(label: str, name: str, role: str, mobile: str, email: str) -> Contact | None:
    """A contact from four typed fields; all blank means no contact (None)."""
    if not any((v or "").strip() for v in (name, role, mobile, email)):
        return None
    name, role = " ".join((name or "").split()), " ".join((role or "").split())
    if not 1 <= len(name) <= NAME_LIMIT:
        raise InvalidValue(f"{label} name", f"give the person's name (1-{NAME_LIMIT} characters).")
    if not 1 <= len(role) <= ROLE_LIMIT:
        raise InvalidValue(
            f"{label} role", f"give their role, for example Duty psychologist (1-{ROLE_LIMIT} characters)."
        )
    phone, address = normalise_mobile(label, mobile), normalise_email(label, email)
    if phone is None and address is None:
        raise InvalidValue(label, "give a UK mobile number (like 07700 900123) or an email address, or both.")
    return Contact(name, role, phone, address)
