"""A patient's contact details from the PAS: a UK mobile and an email, checked (issue 17).

Design decisions:
- UK mobiles only (a link by SMS goes through GOV.UK Notify to UK numbers here): checked
  with `phonenumbers` (Google's libphonenumber data, kept up to date with Ofcom's number
  ranges) rather than a hand-written pattern, and stored in one form, 07xxxxxxxxx, whatever
  was typed ("+44 7700 900123", "07700-900123").
- Ofcom's drama range, 07700 900000 to 07700 900999, is accepted although libphonenumber
  does not class it as a valid mobile: Ofcom never allocates it, so it is the only range
  a demo, a test or a training file may use, and GOV.UK Notify's own test numbers are in
  it (07700 900000, 900111, 900222). A real extract holding one sends to nobody.
- Email syntax by `email-validator`, with no DNS lookup (an import must not reach the
  internet); stored as normalised by it (domain lower-cased).
- A refusal says what is wrong and how to write it, never echoing the value into a log.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from screening.errors import InvalidValue

DRAMA_RANGE = "7700900"  # national number 7700 900xxx: Ofcom's numbers for fiction, never allocated


def uk_mobile(value: str | None) -> str | None:
    """07xxxxxxxxx, or None for a blank; InvalidValue for anything not a UK mobile number."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 44 or not (_drama(number) or _mobile(number)):
        raise InvalidValue("mobile", "is not a UK mobile number: write it as 07 and 9 more digits, or +44 7.")
    return "0" + str(number.national_number)


def _drama(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    return len(national) == 10 and national.startswith(DRAMA_RANGE)


def _mobile(number: phonenumbers.PhoneNumber) -> bool:
    return phonenumbers.is_valid_number(number) and (
        phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )


def email_address(value: str | None) -> str | None:
    """The address as normalised, or None for a blank; InvalidValue when its syntax is wrong."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidValue("email", f"is not an email address ({error}): write it as name@example.nhs.uk.") from None
    # email-validator refuses a normalised address over 254 bytes (RFC 5321), so it fits the column.
    return str(checked.normalized)


NO_CONTACT_WORDS = {"y": True, "yes": True, "true": True, "1": True, "n": False, "no": False, "false": False,
                    "0": False, "": False}  # fmt: skip


def no_contact(value: str | None) -> bool:
    """The "no contact" preference: Y/N (blank = N)."""
    text = (value or "").strip().casefold()
    if text not in NO_CONTACT_WORDS:
        raise InvalidValue("no_contact", "must be Y or N (blank means N).")
    return NO_CONTACT_WORDS[text]
