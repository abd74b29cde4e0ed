"""NHS number validation by Modulus 11 (clinical reference, section 7)."""

from __future__ import annotations

from screening.errors import InvalidValue

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when no valid number has them.

    Multiply digits 1-9 by 10..2, sum, r = sum mod 11, check = 11 - r; 11 becomes 0 and
    10 means no valid NHS number starts with these nine digits.
    """
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


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
        raise InvalidValue(
            "NHS number", "fails the Modulus 11 check digit; check it was typed correctly."
        )
    return digits
