"""NHS number validation by Modulus 11 (clinical reference, section 7).

Design decision: the Modulus 11 arithmetic is the maintained `nhs-number` package's
`calculate_checksum` (NHS Data Dictionary, "NHS Number"); what counts as an NHS number
here stays ours, because the package's own `is_valid` answers differently:
- it refuses a number in the Scottish CHI range (0100000000-3112999999) whose first six
  digits are not a DDMMYY date (2222222222, 1442725095), which passes Modulus 11 and which
  this product accepts;
- it accepts full-width and other non-ASCII digits (its pattern is `\\d`), spaces or
  hyphens in 3-3-4 groups, surrounding whitespace and ints, where `is_valid` here takes
  exactly ten ASCII digits and only `normalise` removes what people type.
docs/hand-written.md records the comparison; tests/unit/patients/test_nhs_number.py holds it.
"""

from __future__ import annotations

from nhs_number.validate import calculate_checksum

from screening.errors import InvalidValue


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when no valid number has them.

    Multiply digits 1-9 by 10..2, sum, r = sum mod 11, check = 11 - r; 11 becomes 0 and
    10 means no valid NHS number starts with these nine digits.
    """
    if len(first_nine) != 9:
        raise ValueError(f"need the first nine digits, got {len(first_nine)} characters")
    check = calculate_checksum(first_nine)  # 0-9, or 10 (not None: the length is right)
    return None if check == 10 else check


def is_valid(value: str) -> bool:
    """True when `value` is ten digits whose last digit is the Modulus 11 check digit."""
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:9]) == int(value[9])


def normalise(value: str) -> str:
    """Strip the spaces and hyphens people type (943 476 5919) and validate.

    Raises InvalidValue naming the problem, so staff know what to correct.
    """
    digits = "".join(ch for ch in str(value) if ch not in " -")
    if not digits:
        raise InvalidValue("NHS number", "is empty; enter the 10-digit NHS number.")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise InvalidValue("NHS number", "must be exactly 10 digits.")
    if not is_valid(digits):
        raise InvalidValue("NHS number", "fails the Modulus 11 check digit; check it was typed correctly.")
    return digits
