"""NHS number Modulus 11 (clinical reference, section 7)."""

from __future__ import annotations

import nhs_number as nhs_number_package
import pytest

from screening.errors import InvalidValue
from screening.patients.rules import nhs_number


def test_the_reference_example_943_476_5919_is_valid() -> None:
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    assert nhs_number.is_valid("9434765919")


def test_the_often_quoted_987_654_4321_is_not_valid() -> None:
    # 9*10 + 8*9 + 7*8 + 6*7 + 5*6 + 4*5 + 4*4 + 3*3 + 2*2 = 339; 339 mod 11 = 9; check 2, not 1
    assert not nhs_number.is_valid("9876544321")


def test_a_remainder_of_zero_gives_check_digit_zero() -> None:
    # 999000001: 9*10 + 9*9 + 9*8 + 1*2 = 245; 245 mod 11 = 3 -> 8; search one with r = 0
    stems = [
        s
        for s in (f"999{n:06d}" for n in range(200))
        if sum(int(d) * w for d, w in zip(s, range(10, 1, -1), strict=True)) % 11 == 0
    ]
    assert stems, "the 999 range holds stems whose check digit is 0"
    assert nhs_number.check_digit(stems[0]) == 0
    assert nhs_number.is_valid(stems[0] + "0")


def test_a_check_value_of_ten_means_no_valid_number() -> None:
    stems = [
        s
        for s in (f"999{n:06d}" for n in range(200))
        if sum(int(d) * w for d, w in zip(s, range(10, 1, -1), strict=True)) % 11 == 1
    ]
    assert nhs_number.check_digit(stems[0]) is None
    assert not any(nhs_number.is_valid(stems[0] + str(d)) for d in range(10))


@pytest.mark.parametrize("value", ["", "943476591", "94347659190", "94347659l9", "９４３４７６５９１９"])
def test_anything_but_ten_ascii_digits_is_not_valid(value: str) -> None:
    assert not nhs_number.is_valid(value)


@pytest.mark.parametrize(("typed", "stored"), [("943 476 5919", "9434765919"), ("943-476-5919", "9434765919")])
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


def test_the_check_digit_is_the_modulus_11_formula_written_out() -> None:
    # check_digit uses the nhs-number package; the formula by hand, on stems across every range.
    stems = [f"{(n * 104_729_017) % 10**9:09d}" for n in range(20_000)] + [f"999{n:06d}" for n in range(2_000)]
    for stem in stems:
        check = 11 - sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True)) % 11
        assert nhs_number.check_digit(stem) == {11: 0, 10: None}.get(check, check), stem


@pytest.mark.parametrize("stem", ["94347659", "9434765919", ""])
def test_a_stem_that_is_not_nine_characters_is_refused(stem: str) -> None:
    with pytest.raises(ValueError):
        nhs_number.check_digit(stem)


@pytest.mark.parametrize("value", ["2222222222", "1442725095"])
def test_a_number_in_the_scottish_chi_range_without_a_birth_date_passes_modulus_11(value: str) -> None:
    # The product checks Modulus 11 only. The nhs-number package's own is_valid also refuses a
    # CHI-range number whose first six digits are not DDMMYY, which is why it is not used here.
    assert nhs_number.is_valid(value)
    assert not nhs_number_package.is_valid(value)


def test_full_width_digits_are_refused_though_the_nhs_number_package_accepts_them() -> None:
    assert not nhs_number.is_valid("９４３４７６５９１９")
    assert nhs_number_package.is_valid("９４３４７６５９１９")
