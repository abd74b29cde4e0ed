"""Smoking status (clinical reference, section 5; NHS Data Dictionary SMOKING STATUS CODE)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.vital5 import smoking
from screening.errors import InvalidValue


@pytest.mark.parametrize(
    ("code", "label", "current"),
    [
        ("1", "Current smoker", True),
        ("2", "Ex-smoker", False),
        ("3", "Non-smoker - history unknown", False),
        ("4", "Never smoked", False),
        ("Z", "Not stated", False),
        ("9", "Unknown", False),
    ],
)
def test_each_smoking_status_code_has_its_label_and_only_code_1_is_a_current_smoker(
    code: str, label: str, current: bool
) -> None:
    result = smoking(code)
    assert (result.code, result.label, result.current) == (code, label, current)
    assert [f.code for f in result.flags] == (["smoking_current"] if current else [])


@pytest.mark.parametrize("code", ["0", 1, "z", "declined", None, "current"])
def test_an_unknown_smoking_code_is_refused_listing_the_accepted_codes(code: object) -> None:
    with pytest.raises(InvalidValue) as raised:
        smoking(code)  # type: ignore[arg-type]
    assert str(raised.value) == (
        f"Smoking status: {code!r} is not a SMOKING STATUS CODE; use one of 1 (Current smoker), "
        "2 (Ex-smoker), 3 (Non-smoker - history unknown), 4 (Never smoked), Z (Not stated), 9 (Unknown)"
    )
