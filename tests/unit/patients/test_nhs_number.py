"""NHS number Modulus 11 (clinical reference, section 7)."""

from __future__ import annotations

import pytest

from screening.patients.rules import nhs_number
from screening.errors import InvalidValue


def test_the_reference_example_943_476_5919_is_valid() -> None:
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    assert nhs_number.is_valid("9434765919")


def test_the_often_quoted_987_654_4321_is_not_valid() -> None:
    # 9*10 + 8*9 + 7*8 + 6*7 + 5*6 + 4*5 + 4*4 + 3*3 + 2*2 = 339; 339 mod 11 = 9; check 2, not 1
    assert not nhs_number.is_valid("9876544321")


def test_a_remainder_of_zero_gives_check_digit_zero() -> None:
    # 999000001: 9*10 + 9*9 + 9*8 + 1*2 = 245; 245 mod 11 = 3 -> 8; search one with r = 0
    stems = [s for s in (f"999{n:06d}" for n in range(200)) if sum(
        int(d) * w for d, w in zip(s, range(10, 1, -1))) % 11 == 0]
    assert stems, "the 999 range holds stems whose check digit is 0"
    assert nhs_number.check_digit(stems[0]) == 0
    assert nhs_number.is_valid(stems[0] + "0")


def test_a_check_value_of_ten_means_no_valid_number() -> None:
    stems = [s for s in (f"999{n:06d}" for n in range(200)) if sum(
        int(d) * w for d, w in zip(s, range(10, 1, -1))) % 11 == 1]
    assert nhs_number.check_digit(stems[0]) is None
    assert not any(nhs_number.is_valid(stems[0] + str(d)) for d in range(10))


@pytest.mark.parametrize("value", ["", "943476591", "94347659190", "94347659l9", "９４３４７６５９１９"])
def test_anything_but_ten_ascii_digits_is_not_valid(value: str) -> None:
    assert not nhs_number.is_valid(value)


@pytest.mark.parametrize(
    ("typed", "stored"), [("943 476 5919", "9434765919"), ("943-476-5919", "9434765919")]
)
def test_spaces_and_hyphens_people_type_are_removed(typed: str, stored: str) -> None:
    assert nhs_number.normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "is empty"),
        ("12345", "must be exactly 10 digits"),
        ("9876544321", "fails the Modulus 11 check digit"),
    ],
)
def test_a_bad_nhs_number_says_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        nhs_number.normalise(typed)
