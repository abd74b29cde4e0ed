import secrets

import pytest

from screening.access.rules.secret_strength import MIN_SECRET_BITS, estimated_bits, smallest_period, weakness


@pytest.mark.parametrize(
    "text, period",
    [
        ("aaaa", "a"),
        ("abab", "ab"),
        ("abcab", "abcab"),
        ("abcd", "abcd"),
        ("", ""),
        ("ab", "ab"),
    ],
)
def test_the_smallest_period_is_the_unit_a_text_repeats(text, period):
    assert smallest_period(text) == period


@pytest.mark.parametrize(
    "text, bits",
    [
        ("", 0.0),
        ("a" * 32, 0.0),  # one symbol: no surprise at all
        ("ab" * 16, 2.0),  # one period "ab": 2 characters x 1 bit
        ("abcd" * 3 + "ab", 8.0),  # a partial last period still repeats "abcd": 4 x 2 bits
        ("0123456789abcdef" * 2, 64.0),  # one period of 16 distinct: 16 x 4 bits
        ("aab", 3 * (2 / 3 * 0.5849625007211562 + 1 / 3 * 1.5849625007211563)),  # Shannon: 3 x 0.918
    ],
)
def test_the_estimate_is_length_times_shannon_entropy_over_one_period(text, bits):
    assert estimated_bits(text) == pytest.approx(bits)


def test_random_generated_keys_always_clear_the_floor():
    assert all(weakness(secrets.token_urlsafe(32)) is None for _ in range(500))
    assert all(weakness(secrets.token_hex(32)) is None for _ in range(500))


def test_the_bit_floor_is_inclusive():
    # 16 distinct characters twice each, not periodic: 32 x log2(16) = 128 bits exactly: accepted.
    at_floor = "abcdefghijklmnop" + "ponmlkjihgfedcba"
    assert estimated_bits(at_floor) == MIN_SECRET_BITS and weakness(at_floor) is None
    # One "a" becomes a third "b": the frequencies are uneven, so just under 128 bits: refused.
    just_under = "abcdefghijklmnop" + "ponmlkjihgfedcbb"
    assert 120 < estimated_bits(just_under) < MIN_SECRET_BITS and "too predictable" in weakness(just_under)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "is blank"),
        ("   ", "is blank"),
        (" x" * 20, "spaces or line breaks"),
        ("Vq3-Lz8_Rk2wYt6Np9Hs4Jd7Fg1Mb5X", "31 characters long"),
        ("a" * 32, "too predictable"),
    ],
)
def test_each_weakness_is_named(text, reason):
    assert reason in weakness(text)


def test_a_strong_value_has_no_weakness():
    assert weakness("Vq3-Lz8_Rk2wYt6Np9Hs4Jd7Fg1Mb5Xc") is None
