"""Asking for unsuppressed figures needs a reason."""

from __future__ import annotations

import pytest

from screening.errors import InvalidValue
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure


def test_suppression_is_on_by_default() -> None:
    assert SUPPRESSED.suppress and SUPPRESSED.mode == "suppressed"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_missing_reason_is_refused(reason: str | None) -> None:
    with pytest.raises(InvalidValue):
        Disclosure.unsuppressed(reason)


def test_the_reason_is_kept_trimmed_and_capped() -> None:
    assert Disclosure.unsuppressed("  audit  of   KCH  ").reason == "audit of KCH"
    assert Disclosure.unsuppressed("x").mode == "unsuppressed"
    with pytest.raises(InvalidValue):
        Disclosure.unsuppressed("x" * 201)
