"""Export pseudonyms: a keyed hash of the patient's stable id, stable and unlinkable."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest

from screening.exports.rules.pseudonyms import PSEUDONYM_HEX_CHARS, pseudonym

KEY = "k" * 40


def test_the_same_patient_and_key_give_the_same_pseudonym_every_time() -> None:
    assert pseudonym("3f9a1c0b7d2e4a11", KEY) == pseudonym("3f9a1c0b7d2e4a11", KEY)


def test_another_key_gives_an_unrelated_pseudonym() -> None:
    assert pseudonym("3f9a1c0b7d2e4a11", KEY) != pseudonym("3f9a1c0b7d2e4a11", "j" * 40)


def test_different_patients_get_different_pseudonyms() -> None:
    assert pseudonym("3f9a1c0b7d2e4a11", KEY) != pseudonym("3f9a1c0b7d2e4a12", KEY)


def test_a_pseudonym_is_sixteen_lower_case_hex_characters() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", pseudonym("3f9a1c0b7d2e4a11", KEY))
    assert PSEUDONYM_HEX_CHARS == 16


def test_a_pseudonym_is_hmac_sha256_of_the_purpose_and_id_truncated() -> None:
    # Independent computation: a recipient with the key can reproduce it with any HMAC tool.
    expected = hmac.new(KEY.encode(), b"patient:3f9a1c0b7d2e4a11", hashlib.sha256).hexdigest()[:16]
    assert pseudonym("3f9a1c0b7d2e4a11", KEY) == expected


def test_a_pseudonym_is_not_a_plain_hash_of_the_id() -> None:
    # Without the key nobody can recompute it from a known id.
    assert pseudonym("3f9a1c0b7d2e4a11", KEY) != hashlib.sha256(b"3f9a1c0b7d2e4a11").hexdigest()[:16]


@pytest.mark.parametrize(("stable_id", "key"), [("", KEY), ("3f9a1c0b7d2e4a11", "")])
def test_an_empty_id_or_key_is_refused(stable_id: str, key: str) -> None:
    with pytest.raises(ValueError):
        pseudonym(stable_id, key)
