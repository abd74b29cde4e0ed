"""Passwords and staff PINs: Argon2id hashing and the rules a new secret must meet.

Design decisions:
- Argon2id (RFC 9106) through argon2-cffi, with the library's defaults (RFC 9106's
  low-memory profile: 3 passes, 64 MiB, 4 lanes). The type is named explicitly so a change
  of library default can never quietly weaken it; `needs_rehash` lets sign-in upgrade old
  hashes when the parameters are raised.
- `verify_*` never raise and always do one full verification: a wrong secret, a corrupt
  hash and a missing hash (unknown user) all cost the same time and return False, so
  neither the answer nor its timing says whether a username exists.
- Rules favour length over composition (NCSC and NIST SP 800-63B): at least 12 characters,
  at most 256 (bounds the work an attacker can make us do), not one repeated character,
  not the username. PINs are 4-8 ASCII digits, hashed the same way as passwords.
- No message, log line or exception ever contains the secret itself.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from screening.errors import InvalidValue

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_PIN = re.compile(r"[0-9]{4,8}")  # not \d: that also matches other scripts' digits
_HASHER = PasswordHasher(type=Type.ID)


@cache
def _dummy_hash() -> str:
    # Verified against when there is no real hash, so that path costs the same time.
    return _HASHER.hash("no account has this password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True only when `password` matches `stored_hash`; None or a broken hash is False."""
    try:
        return _HASHER.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash that just verified was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored_hash)


def check_password_policy(password: str, *, username: str | None = None) -> None:
    """Raise InvalidValue naming the rule a new password breaks."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidValue("password", f"must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidValue("password", f"must be at most {MAX_PASSWORD_LENGTH} characters long.")
    if len(set(password)) == 1:
        raise InvalidValue("password", "must not be one character repeated.")
    if username and password.strip().casefold() == username.strip().casefold():
        raise InvalidValue("password", "must not be the same as the username.")


def check_pin_policy(pin: str) -> None:
    if not _PIN.fullmatch(pin):
        raise InvalidValue("PIN", "must be 4 to 8 digits.")


def hash_pin(pin: str) -> str:
    check_pin_policy(pin)  # a PIN that breaks the rule must never be stored
    return _HASHER.hash(pin)


def verify_pin(stored_hash: str | None, pin: str) -> bool:
    return verify_password(stored_hash, pin)
