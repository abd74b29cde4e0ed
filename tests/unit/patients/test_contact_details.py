"""A patient's mobile, email and "no contact" preference as the PAS gives them (issue 17)."""

from __future__ import annotations

import pytest

from screening.errors import InvalidValue
from screening.patients.rules.contact_details import email_address, no_contact, uk_mobile


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900123", "07700900123"),  # Ofcom's drama range, as the demo and tests use it
        ("07700900000", "07700900000"),  # the range's first number (GOV.UK Notify's test number)
        ("07700 900999", "07700900999"),  # and its last
        ("+44 7700 900123", "07700900123"),
        ("+447700900123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("07700-900123", "07700900123"),
        ("  07911 123456 ", "07911123456"),  # an allocated mobile range
        ("+44 7911 123456", "07911123456"),
    ],
)
def test_a_uk_mobile_written_any_usual_way_is_stored_as_07_and_nine_digits(typed: str, stored: str) -> None:
    assert uk_mobile(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "020 7946 0000",  # a London landline
        "0113 496 0000",  # a Leeds landline
        "0800 123 4567",  # freephone
        "07700 90012",  # ten digits: one short
        "07700 9001234",  # twelve digits: one too many
        "0770",
        "+1 202 555 0123",  # the United States
        "+353 85 123 4567",  # an Irish mobile
        "seven seven",
    ],
)
def test_anything_but_a_uk_mobile_is_refused_saying_how_to_write_one(typed: str) -> None:
    with pytest.raises(InvalidValue, match="write it as 07 and 9 more digits, or \\+44 7") as refused:
        uk_mobile(typed)
    assert refused.value.field == "mobile" and typed.strip() not in refused.value.message


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_a_blank_mobile_or_email_is_none(typed: str | None) -> None:
    assert uk_mobile(typed) is None and email_address(typed) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ada.okafor@example.com", "ada.okafor@example.com"),
        ("  Ada@EXAMPLE.com ", "Ada@example.com"),  # the domain is lower-cased, the local part kept
        ("a+clinic@nhs.example.com", "a+clinic@nhs.example.com"),
    ],
)
def test_an_email_address_is_stored_as_normalised(typed: str, stored: str) -> None:
    assert email_address(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["ada.okafor", "ada@", "@example.com", "ada@@example.com", "ada@example", "ada okafor@example.com",
     "ada\u202e@example.com"],
)  # fmt: skip
def test_an_email_with_wrong_syntax_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(InvalidValue, match=r"write it as name@example\.nhs\.uk") as refused:
        email_address(typed)
    assert refused.value.field == "email"


def test_an_email_of_254_characters_is_kept_and_one_of_255_is_refused() -> None:
    # 64 (the longest local part) + "@" + 3 labels of 50 letters and 2 dots (152) + ".example.com" (12)
    # + a 25-letter label and its dot (26) = 255; one letter fewer in the last label is 254.
    domain = ".".join(["b" * 50] * 3) + ".example.com"
    longest = "a" * 64 + "@" + "c" * 24 + "." + domain
    assert len(longest) == 254 and email_address(longest) == longest
    with pytest.raises(InvalidValue, match="too long"):
        email_address("a" * 64 + "@" + "c" * 25 + "." + domain)


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [("Y", True), ("yes", True), (" TRUE ", True), ("1", True), ("N", False), ("no", False), ("False", False),
     ("0", False), ("", False), (None, False)],
)  # fmt: skip
def test_no_contact_reads_y_or_n_and_blank_means_n(typed: str | None, wanted: bool) -> None:
    assert no_contact(typed) is wanted


@pytest.mark.parametrize("typed", ["maybe", "X", "2", "nope"])
def test_no_contact_refuses_anything_but_y_or_n(typed: str) -> None:
    with pytest.raises(InvalidValue, match=r"must be Y or N \(blank means N\)"):
        no_contact(typed)
