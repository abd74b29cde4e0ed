"""Escalation contacts as typed on the admin page: UK mobiles, email addresses, at least one."""

from __future__ import annotations

import re

import pytest

from screening.errors import InvalidValue
from screening.escalation.rules.escalation_contacts import Contact, contact_from_form, mobile_text


@pytest.mark.parametrize(
    "typed", ["07700 900123", "07700-900-123", "+44 7700 900123", "(0)7700900123", "0044 7700 900123"]
)
def test_a_uk_mobile_typed_any_usual_way_is_stored_as_eleven_digits(typed: str) -> None:
    contact = contact_from_form("Contact 1", "Ada Hart", "Consultant", typed, "")
    assert contact is not None and contact.mobile == "07700900123" and contact.channel == "sms"
    assert mobile_text(contact.mobile) == "07700 900123"


@pytest.mark.parametrize("typed", ["020 7946 0000", "07700 90012", "+33 6 12 34 56 78", "call me"])
def test_a_number_that_is_not_a_uk_mobile_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(InvalidValue, match=r"^Contact 2 mobile: write a UK mobile number like 07700 900123"):
        contact_from_form("Contact 2", "Ada Hart", "Consultant", typed, "")


@pytest.mark.parametrize("typed", ["ada.hart", "ada@", "ada hart@example.nhs.uk", "ada@example"])
def test_an_email_address_that_cannot_work_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(InvalidValue, match=r"^Contact 1 email: write an email address like"):
        contact_from_form("Contact 1", "Ada Hart", "Consultant", "", typed)


def test_a_contact_with_only_an_email_is_told_by_email() -> None:
    contact = contact_from_form("Contact 1", " Sam  Okafor ", "Nurse lead", "", "sam.okafor@example.nhs.uk")
    assert contact == Contact("Sam Okafor", "Nurse lead", None, "sam.okafor@example.nhs.uk")
    assert (contact.channel, contact.destination, contact.label) == (
        "email", "sam.okafor@example.nhs.uk", "Sam Okafor (Nurse lead)")  # fmt: skip


def test_a_contact_with_both_is_told_by_sms() -> None:
    contact = contact_from_form("Contact 1", "Ada Hart", "Consultant", "07700900123", "ada@example.nhs.uk")
    assert contact is not None and (contact.channel, contact.destination) == ("sms", "07700900123")


def test_four_blank_fields_are_no_contact() -> None:
    assert contact_from_form("Contact 3", " ", "", "", "") is None


@pytest.mark.parametrize(
    ("name", "role", "mobile", "email", "says"),
    [
        ("", "Consultant", "07700900123", "", "Contact 1 name: give the person's name"),
        ("Ada Hart", "", "07700900123", "", "Contact 1 role: give their role"),
        ("Ada Hart", "Consultant", "", "", "Contact 1: give a UK mobile number (like 07700 900123) or an email"),
    ],
)
def test_a_half_filled_contact_says_what_is_missing(name, role, mobile, email, says: str) -> None:
    with pytest.raises(InvalidValue, match="^" + re.escape(says)):
        contact_from_form("Contact 1", name, role, mobile, email)


def test_a_contact_cannot_be_made_unreachable_in_code_either() -> None:
    with pytest.raises(ValueError, match="mobile or an email"):
        Contact("Ada Hart", "Consultant")
