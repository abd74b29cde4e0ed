"""Decline reasons: a short list to tap, optional typed words, stored as one line."""

from __future__ import annotations

import pytest

from screening.clinic_day.rules.decline_reasons import DECLINE_REASONS, decline_text
from screening.errors import InvalidValue


def test_a_listed_reason_is_stored_in_words() -> None:
    assert decline_text("unwell") == "Not today – feeling unwell"


def test_typed_words_follow_the_reason_on_one_line() -> None:
    assert decline_text("other", "  prefers to\nask his GP ") == "Other – prefers to ask his GP"
    assert decline_text("no_time", "   ") == "No time – transport"


def test_an_unknown_reason_is_refused_with_the_list() -> None:
    with pytest.raises(InvalidValue, match="choose one of: Not today – feeling unwell, Does not want to"):
        decline_text("bored")


def test_too_many_typed_words_are_refused_with_the_room_left() -> None:
    assert len(decline_text("other", "x" * 192)) == 200
    with pytest.raises(InvalidValue, match="keep them to 192 characters"):
        decline_text("other", "x" * 193)


def test_every_reason_fits_the_column_and_has_a_stable_code() -> None:
    assert all(len(words) <= 200 and code.isidentifier() for code, words in DECLINE_REASONS.items())
