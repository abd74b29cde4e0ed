"""Where secrets come from, and the refusal to run a real service on a default or weak one.

Design decisions:
- Secrets come only from the environment or `.streamlit/secrets.toml` (git ignores it);
  nothing secret is committed. The environment wins, so a deployment can override the file.
- Three secrets matter: the pseudonymisation key (keyed hash of patient ids in exports:
  `SCREENING_PSEUDONYM_KEY` or `pseudonym_key`), the sign-in cookie secret (`[auth]
  cookie_secret`, only when a trust's identity provider is configured) and the database
  password (inside DATABASE_URL).
- Each secret must clear `secret_strength` (32 characters, an estimated 128 bits, no
  whitespace around it) and not be a published default. The pseudonym key and the cookie
  secret must differ: one leaked value must not unlock both.
- A PostgreSQL server reached over the network needs a password in DATABASE_URL; only
  localhost, 127.0.0.1, ::1 and a Unix socket may go without (peer or trust there).
- Demo mode (`demo_mode`: the demo marker in a database named as the demo) relaxes one
  thing: a missing pseudonym key falls back to the fixed, public demo key, so `make run`
  works on a fresh machine. Outside demo mode the demo key is refused like any default.
  Every refusal says what to set.

Pure module: it reads the mappings it is given, never the process environment itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from screening.access.rules.secret_strength import GENERATOR, MIN_SECRET_LENGTH, weakness
from screening.errors import ScreeningError

PSEUDONYM_KEY_ENV = "SCREENING_PSEUDONYM_KEY"
PSEUDONYM_KEY_FILE = "pseudonym_key"
PSEUDONYM_KEY_WHERE = f"{PSEUDONYM_KEY_ENV} (or {PSEUDONYM_KEY_FILE} in .streamlit/secrets.toml)"
COOKIE_SECRET_WHERE = "[auth] cookie_secret in .streamlit/secrets.toml"
DEMO_PSEUDONYM_KEY = "demo-only-pseudonym-key-not-for-patient-data"
# Values seen in examples and quick starts; never acceptable for patient data.
KNOWN_DEFAULTS: frozenset[str] = frozenset(
    {
        DEMO_PSEUDONYM_KEY,
        "changeme",
        "change-me",
        "secret",
        "password",
        "postgres",
        "admin",
        "example",
        "xxx",
        "test",
        "cookie_secret",
        "your-secret-here",
        "your-cookie-secret",
    }
)
LOCAL_HOSTS: frozenset[str] = frozenset({"localhost", "127.0.0.1", "::1"})


class DefaultSecret(ScreeningError):
    """A secret is missing, a default value or too weak, outside demo mode."""


def read_secrets_file(path: Path) -> dict[str, Any]:
    """`.streamlit/secrets.toml` as a dict; {} when there is no file."""
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DefaultSecret(f"{path} is not valid TOML ({error}); fix or remove it.") from error


def pseudonym_key(environ: Mapping[str, str], file_secrets: Mapping[str, Any], *, demo: bool) -> str:
    """The key for pseudonymous ids in exports; the demo key only in demo mode."""
    key = environ.get(PSEUDONYM_KEY_ENV) or file_secrets.get(PSEUDONYM_KEY_FILE)
    if not key and demo:
        return DEMO_PSEUDONYM_KEY
    check_strong(key, PSEUDONYM_KEY_WHERE)
    return str(key)


def check_secrets(
    environ: Mapping[str, str], file_secrets: Mapping[str, Any], database_url: str, *, demo: bool
) -> None:
    """Raise DefaultSecret unless every secret in use is real (demo mode may lack a pseudonym key)."""
    key = pseudonym_key(environ, file_secrets, demo=demo)
    auth = file_secrets.get("auth")
    if isinstance(auth, Mapping):
        cookie = auth.get("cookie_secret")
        check_strong(cookie, COOKIE_SECRET_WHERE)
        if str(cookie) == key:
            raise DefaultSecret(
                f"{PSEUDONYM_KEY_WHERE} and {COOKIE_SECRET_WHERE} are the same value; give each its own "
                f"random value (run `{GENERATOR}` twice)."
            )
    check_database_password(database_url)


def check_database_password(database_url: str) -> None:
    """Refuse a default password, and no password for a PostgreSQL server over the network."""
    parts = urlsplit(database_url)
    password = parts.password or ""
    if password.lower() in KNOWN_DEFAULTS:
        raise DefaultSecret(
            "DATABASE_URL uses a default database password; set a real one on the database server and in DATABASE_URL."
        )
    if parts.scheme.startswith("postgresql") and not password:
        hosts = [parts.hostname or ""] + [h for v in parse_qs(parts.query).get("host", []) for h in v.split(",")]
        remote = [h for h in hosts if h and h not in LOCAL_HOSTS and not h.startswith("/")]
        if remote:
            raise DefaultSecret(
                "DATABASE_URL reaches a PostgreSQL server over the network without a password; give "
                "the database user a password on the server and put it in DATABASE_URL "
                "(postgresql+psycopg://user:password@host:5432/name)."
            )


def check_strong(value: Any, where: str) -> None:
    """Raise DefaultSecret, saying what to set, unless `value` is a strong, non-default secret."""
    text = "" if value is None else str(value)
    if not text.strip():
        raise DefaultSecret(
            f"Set {where}: a random value of at least {MIN_SECRET_LENGTH} characters (make one with `{GENERATOR}`)."
        )
    if text.strip().lower() in KNOWN_DEFAULTS:
        raise DefaultSecret(f"{where} is a published default value; set a random one made with `{GENERATOR}`.")
    reason = weakness(text)
    if reason:
        raise DefaultSecret(f"{where} {reason}; set a random value made with `{GENERATOR}`.")
