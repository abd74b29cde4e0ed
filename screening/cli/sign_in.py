"""Proving who runs a command that needs a role (identifiable exports, unsuppressed counts).

The password comes from a hidden prompt, or SCREENING_PASSWORD for scripted use; the check
is the app's own `sign_in`, so it counts towards the lockout and is audited like any other.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import click

from screening.access.services.sign_in import sign_in
from screening.database.services.database import Database
from screening.errors import PermissionDenied
from screening.policy import CurrentUser

PASSWORD_ENV = "SCREENING_PASSWORD"


def signed_in(database: Database, username: str) -> CurrentUser:
    password = os.environ.get(PASSWORD_ENV) or str(click.prompt(f"Password for {username}", hide_input=True))
    with database.transaction() as session:
        result = sign_in(session, username, password, now=datetime.now(UTC))
    if result.user is None:
        raise PermissionDenied(result.message or "Sign-in refused.")
    return result.user
