"""The secure link's token, hash, expiry and typed date of birth (issue 17; clinical reference s9)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from screening.remote.rules.links import birth_date_from, expires_at, looks_like_token, new_token, token_hash


def test_a_token_carries_at_least_128_random_bits_and_is_url_safe() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert looks_like_token(token)
        assert len(token) * math.log2(64) >= 256 > 128


def test_only_a_sha256_of_the_token_is_stored_and_it_is_not_the_token() -> None:
    token = new_token()
    assert token_hash(token) == token_hash(f" {token}\n")  # a pasted link with spaces still opens
    assert len(token_hash(token)) == 64 and token not in token_hash(token)
    assert token_hash(token) != token_hash(new_token())


@pytest.mark.parametrize("text", [None, "", "short", "a" * 42, "a" * 44, "a" * 42 + "!", "a" * 42 + "/"])
def test_anything_not_shaped_like_a_token_is_refused_before_the_database_is_asked(text) -> None:
    assert not looks_like_token(text)


@pytest.mark.parametrize(
    ("appointment", "expiry"),
    [
        # Winter: London is UTC; the link works until midnight after the appointment day.
        (datetime(2026, 12, 10, 9, 30, tzinfo=UTC), datetime(2026, 12, 11, 0, 0, tzinfo=UTC)),
        # Summer: London is UTC+1, so midnight in London is 23:00 UTC.
        (datetime(2026, 7, 10, 8, 0, tzinfo=UTC), datetime(2026, 7, 10, 23, 0, tzinfo=UTC)),
        # 23:30 UTC on 10 July is already 11 July in London.
        (datetime(2026, 7, 10, 23, 30, tzinfo=UTC), datetime(2026, 7, 11, 23, 0, tzinfo=UTC)),
    ],
)
def test_a_link_expires_at_the_end_of_the_appointments_london_day(appointment, expiry) -> None:
    assert expires_at(appointment) == expiry


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        (("27", "3", "1985"), date(1985, 3, 27)),
        ((" 07 ", "03", "1985"), date(1985, 3, 7)),
        (("29", "2", "2024"), date(2024, 2, 29)),
        (("29", "2", "2023"), None),
        (("31", "4", "1985"), None),
        (("0", "1", "1985"), None),
        (("1", "13", "1985"), None),
        (("1", "1", "85"), None),
        (("1", "1", "1899"), None),
        (("1", "1", "1900"), date(1900, 1, 1)),
        (("", "1", "1985"), None),
        (("a", "1", "1985"), None),
    ],
)
def test_a_typed_date_of_birth_is_a_real_date_with_a_four_digit_year_or_nothing(typed, born) -> None:
    assert birth_date_from(*typed) == born
