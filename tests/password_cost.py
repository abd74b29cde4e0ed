"""Argon2 at test cost: the tests' own process hashes with a cheap Argon2id, never production.

Production hashes with argon2-cffi's RFC 9106 low-memory profile (3 passes, 64 MiB,
4 lanes: screening.access.rules.passwords), about 135 ms a hash or a verification on
CI's two cores. The tests hash and verify thousands of passwords and PINs (accounts,
sign-in, the demo users of every demo database), so `use_test_cost` (called once, by
tests/conftest.py, before any test) swaps the module's hasher for Argon2id at the
smallest cost that still differs from every hash a test makes as "weaker" (1 pass,
1 MiB, 1 lane: under 1 ms). The swap is in the test process only: nothing in the app
reads a setting for it, so no production configuration can lower the cost. Servers and
commands the tests start as subprocesses hash at production cost.

Tests about the strength itself ask for the `production_argon2` fixture (tests/conftest.py),
which puts the production hasher back for that test; tests/unit/access/test_passwords.py
also proves, in a fresh interpreter, that the app hashes at production cost.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type

from screening.access.rules import passwords

PRODUCTION = passwords._HASHER
TEST_COST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)


def use_test_cost() -> None:
    passwords._HASHER = TEST_COST
