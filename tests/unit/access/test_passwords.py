"""Password and PIN hashing (Argon2id) and the rules a new secret must meet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type

from screening.access.rules.passwords import (
    check_password_policy,
    check_pin_policy,
    hash_password,
    hash_pin,
    needs_rehash,
    verify_password,
    verify_pin,
)
from screening.errors import InvalidValue

GOOD = "purple-kettle-morning"
ROOT = Path(__file__).resolve().parents[3]


def test_a_password_is_hashed_with_argon2id_and_never_stored_as_given() -> None:
    hashed = hash_password(GOOD)
    assert hashed.startswith("$argon2id$")
    assert GOOD not in hashed


def test_the_same_password_hashes_differently_each_time_because_of_the_salt() -> None:
    assert hash_password(GOOD) != hash_password(GOOD)


def test_the_right_password_verifies_and_a_wrong_one_does_not() -> None:
    hashed = hash_password(GOOD)
    assert verify_password(hashed, GOOD) is True
    assert verify_password(hashed, GOOD.upper()) is False


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$broken"])
def test_a_missing_or_broken_hash_verifies_nothing_and_does_not_raise(stored: str | None) -> None:
    assert verify_password(stored, GOOD) is False


def test_a_fresh_hash_does_not_need_rehashing_but_one_with_weaker_parameters_does(production_argon2: None) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID).hash(GOOD)
    assert verify_password(weak, GOOD)
    assert needs_rehash(weak) is True
    assert needs_rehash(hash_password(GOOD)) is False


def test_the_app_hashes_at_rfc_9106_low_memory_cost_whatever_cost_the_tests_use() -> None:
    # A fresh interpreter: the app as it runs, without the tests' cheap hasher (tests/password_cost.py).
    made = subprocess.run(
        [sys.executable, "-c", "from screening.access.rules.passwords import hash_password; print(hash_password('x'))"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert made.stdout.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("a" * 5 + "b" * 6, False),  # 11 characters: one short of the minimum
        ("a" * 6 + "b" * 6, True),  # 12 characters: the minimum
        ("ab" * 128, True),  # 256 characters: the maximum
        ("ab" * 128 + "c", False),  # 257 characters
    ],
)
def test_a_password_must_be_12_to_256_characters(password: str, accepted: bool) -> None:
    if accepted:
        check_password_policy(password)
    else:
        with pytest.raises(InvalidValue, match="characters long") as refused:
            check_password_policy(password)
        assert password not in str(refused.value)


def test_a_password_of_one_repeated_character_is_refused() -> None:
    with pytest.raises(InvalidValue, match="one character repeated"):
        check_password_policy("x" * 20)


def test_a_password_equal_to_the_username_is_refused_whatever_its_case() -> None:
    with pytest.raises(InvalidValue, match="same as the username"):
        check_password_policy("Nurse.Okafor.2", username="nurse.okafor.2")


def test_a_password_that_only_contains_the_username_is_allowed() -> None:
    check_password_policy("nurse.okafor-likes-tea", username="nurse.okafor")


@pytest.mark.parametrize(
    ("pin", "accepted"),
    [("123", False), ("1234", True), ("12345678", True), ("123456789", False)],
)
def test_a_pin_must_be_4_to_8_digits(pin: str, accepted: bool) -> None:
    if accepted:
        check_pin_policy(pin)
    else:
        with pytest.raises(InvalidValue, match="4 to 8 digits"):
            check_pin_policy(pin)


@pytest.mark.parametrize("pin", ["12a4", "12 34", "١٢٣٤", ""])
def test_a_pin_with_anything_but_ascii_digits_is_refused(pin: str) -> None:
    with pytest.raises(InvalidValue):
        check_pin_policy(pin)


def test_a_pin_is_hashed_with_argon2id_and_verifies() -> None:
    hashed = hash_pin("4821")
    assert hashed.startswith("$argon2id$")
    assert verify_pin(hashed, "4821") is True
    assert verify_pin(hashed, "4822") is False


def test_a_pin_that_breaks_the_rule_is_never_hashed() -> None:
    with pytest.raises(InvalidValue):
        hash_pin("12")
