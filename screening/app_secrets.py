"""Where secrets come from, and the refusal to run a real service on a default one.

Design decisions:
- Secrets come only from the environment or `.streamlit/secrets.toml` (git ignores it);
  nothing secret is committed. The environment wins, so a deployment can override the file.
- Three secrets matter: the pseudonymisation key (keyed hash of patient ids in exports:
  `SCREENING_PSEUDONYM_KEY` or `pseudonym_key`), the sign-in cookie secret (`[auth]
  cookie_secret`, only when a trust's identity provider is configured) and the database
  password (inside DATABASE_URL).
- In demo mode (the database holds the demo service) a missing pseudonym key falls back to
  a fixed demo key, so `make run` works on a fresh machine. Outside demo mode a missing,
  short or well-known value is refused with a message that says what to set: the app and
  the exporting commands will not start on a default secret.

Pure module: it reads the mappings it is given, never the process environment itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from screening.errors import ScreeningError

PSEUDONYM_KEY_ENV = "SCREENING_PSEUDONYM_KEY"
PSEUDONYM_KEY_FILE = "pseudonym_key"
DEMO_PSEUDONYM_KEY = "demo-only-pseudonym-key-not-for-patient-data"
MIN_SECRET_LENGTH = 32
# Values seen in examples and quick starts; never acceptable for patient data.
KNOWN_DEFAULTS: frozenset[str] = frozenset({
    DEMO_PSEUDONYM_KEY, "changeme", "change-me", "secret", "password", "postgres", "admin",
    "example", "xxx", "test", "cookie_secret", "your-secret-here", "your-cookie-secret",
})


class DefaultSecret(ScreeningError):
    """A secret is missing or is a default value, outside demo mode."""


def read_secrets_file(path: Path) -> dict[str, Any]:
    """`.streamlit/secrets.toml` as a dict; {} when there is no file."""
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DefaultSecret(f"{path} is not valid TOML ({error}); fix or remove it.") from error


def pseudonym_key(environ: Mapping[str, str], file_secrets: Mapping[str, Any], *, demo: bool) -> str:
    """The key for pseudonymous ids in exports; the demo key only for demo data."""
    key = environ.get(PSEUDONYM_KEY_ENV) or file_secrets.get(PSEUDONYM_KEY_FILE)
    if not key and demo:
        return DEMO_PSEUDONYM_KEY
    _check_strong(key, f"{PSEUDONYM_KEY_ENV} (or {PSEUDONYM_KEY_FILE} in .streamlit/secrets.toml)")
    return str(key)


def check_secrets(
    environ: Mapping[str, str], file_secrets: Mapping[str, Any], database_url: str, *, demo: bool
) -> None:
    """Raise DefaultSecret unless every secret in use is real (demo mode checks nothing)."""
    if demo:
        return
    pseudonym_key(environ, file_secrets, demo=False)
    auth = file_secrets.get("auth")
    if isinstance(auth, Mapping):
        _check_strong(auth.get("cookie_secret"), "[auth] cookie_secret in .streamlit/secrets.toml")
    password = urlsplit(database_url).password
    if password is not None and password.lower() in KNOWN_DEFAULTS:
        raise DefaultSecret(
            "DATABASE_URL uses a default database password; set a real one on the "
            "database server and in DATABASE_URL."
        )


def _check_strong(value: Any, where: str) -> None:
    if not value:
        raise DefaultSecret(f"Set {where}: a random value of at least {MIN_SECRET_LENGTH} characters.")
    text = str(value)
    if text.lower() in KNOWN_DEFAULTS or len(text) < MIN_SECRET_LENGTH:
        raise DefaultSecret(
            f"{where} is a default or short value; use a random value of at least "
            f"{MIN_SECRET_LENGTH} characters (for example `python -c \"import secrets; "
            "print(secrets.token_urlsafe(32))\"`)."
        )
