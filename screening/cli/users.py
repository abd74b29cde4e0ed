"""`python -m screening create-user`: make a local account from the command line.

Design decisions:
- The password is never an option (it would sit in shell history and `ps`). It is read
  with a hidden, confirmed prompt, or for scripted set-up from the environment variable
  SCREENING_NEW_PASSWORD (and the PIN from SCREENING_NEW_PIN). It is never echoed,
  printed or logged; the output names the user, role and sites only.
- The command runs with no signed-in user (`actor=None`): it is how the first
  administrator is made, by someone who already controls the server.
- This module registers its commands on `screening.cli.group.main` when imported; the
  `screening.cli` package imports it, so imports run one way (this module -> `group`).
"""

from __future__ import annotations

import os

import click

from screening.access.services.accounts import create_user
from screening.cli.group import main, one_line_errors
from screening.clinical.rules.codes import USER_ROLES
from screening.database.services.database import open_database

PASSWORD_ENV = "SCREENING_NEW_PASSWORD"
PIN_ENV = "SCREENING_NEW_PIN"


def _secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))


@click.command("create-user")
@click.option("--username", required=True, help="3-60 of a-z, 0-9, '.', '_' or '-'.")
@click.option("--name", "display_name", required=True, help="The name staff see, e.g. 'Ada Okafor'.")
@click.option("--role", type=click.Choice(list(USER_ROLES)), required=True)
@click.option("--sites", required=True, help="Site codes separated by commas, or ALL.")
@click.option("--pin/--no-pin", default=False, help="Also set a 4-8 digit staff PIN (prompted).")
@click.option(
    "--oidc-subject",
    metavar="SUBJECT",
    default=None,
    help="Link the trust identity provider account with this subject ('sub' claim).",
)
@one_line_errors
def create_user_command(
    username: str, display_name: str, role: str, sites: str, pin: bool, oidc_subject: str | None
) -> None:
    """Create a local account. The password is prompted for (hidden), or read from
    SCREENING_NEW_PASSWORD; the PIN likewise from SCREENING_NEW_PIN. With --oidc-subject
    the user can also sign in through the trust's identity provider.
    """
    password = _secret(PASSWORD_ENV, "Password (at least 12 characters)")
    staff_pin = _secret(PIN_ENV, "Staff PIN (4-8 digits)") if pin else None
    with open_database().transaction() as session:
        user = create_user(
            session,
            username=username,
            display_name=display_name,
            role=role,
            password=password,
            site_codes=sites.split(","),
            pin=staff_pin,
            actor=None,
            oidc_subject=oidc_subject,
        )
        scope = "all sites" if user.all_sites else ", ".join(sorted(s.code for s in user.sites))
        summary = f"Created user {user.username} ({USER_ROLES[role]}; {scope})"
        linked = user.oidc_subject is not None
    extras = [text for text, wanted in (("a staff PIN", pin), ("an identity provider link", linked)) if wanted]
    click.echo(f"{summary}{' with ' + ' and '.join(extras) if extras else ''}.")


main.add_command(create_user_command)
