"""LOINC codes in instrument files: well-formedness, including the check digit.

Design decision: a LOINC code is checked for shape *and* for its Mod 10 check digit, so
a mistyped digit or a transposition (44250-9 typed as 44520-9) fails on load instead of
reaching an export. Answer codes (LA…) and answer lists (LL…) are checked for shape only:
LOINC does not document a check-digit rule for them.
"""

from __future__ import annotations

import re

from questionnaires.model import LOINC_SYSTEM, Coding
from questionnaires.toml_table import Table

_LOINC_CODE = re.compile(r"(\d{1,7})-(\d)")
_LOINC_ANSWER_CODE = re.compile(r"LA\d{1,6}-\d")
_LOINC_ANSWER_LIST_URL = re.compile(r"http://loinc\.org/vs/LL\d{1,6}-\d")


def check_digit(digits: str) -> int:
    """LOINC's Mod 10 check digit: double every second digit from the right (starting with
    the rightmost), add the digits of all the numbers, and take what brings it to a
    multiple of ten."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit  # digit sum of 10..18
        total += digit
    return (10 - total % 10) % 10


def code_problem(code: str) -> str | None:
    """Why `code` is not a well-formed LOINC code, or None when it is."""
    match = _LOINC_CODE.fullmatch(code)
    if match is None:
        shape = "digits, a hyphen and a check digit, e.g. 44249-1"
        return f"'{code}' is not a well-formed LOINC code ({shape})"
    expected = check_digit(match[1])
    if int(match[2]) != expected:
        return f"'{code}' is not a well-formed LOINC code: its check digit should be {expected}"
    return None


def answer_code_problem(code: str) -> str | None:
    if _LOINC_ANSWER_CODE.fullmatch(code) is None:
        return f"'{code}' is not a well-formed LOINC answer code (e.g. LA6568-5)"
    return None


def value_set_url_problem(url: str) -> str | None:
    if url.startswith("http://loinc.org/") and _LOINC_ANSWER_LIST_URL.fullmatch(url) is None:
        return f"'{url}' is not a LOINC answer list URL (e.g. http://loinc.org/vs/LL358-3)"
    return None


def codings(table: Table, key: str) -> tuple[Coding, ...]:
    """The FHIR `code` list under `key`; only LOINC is accepted so far."""
    found = []
    for entry in table.tables(key):
        entry.only("system", "code", "display")
        system = entry.get("system", "text")
        if system != LOINC_SYSTEM:
            entry.fail("system", f"'{system}' is not supported; use {LOINC_SYSTEM}")
        code = entry.get("code", "text")
        problem = code_problem(code)
        if problem is not None:
            entry.fail("code", problem)
        found.append(Coding(system, code, entry.get("display", "text", "")))
    return tuple(found)
