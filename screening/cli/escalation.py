"""`python -m screening escalate`: one escalation pass, for cron or a systemd timer (issue 13).

Safe to run every minute on every app server at once: each step is claimed by a unique
(flag, step) row committed before sending, so a step is never sent twice. Prints one line
of counts and never a patient identifier.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from screening.cli.group import main, one_line_errors
from screening.database.services.database import open_database
from screening.errors import InvalidValue
from screening.escalation.services.escalation_pass import run_escalation_pass
from screening.notifications.services.senders import configured_sender

CLI_TIMEOUT_SECONDS = 10.0


def _moment(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidValue("--now", "write an ISO date and time, e.g. 2026-12-02T10:30:00+00:00.") from error
    if moment.tzinfo is None:
        raise InvalidValue("--now", "give a time zone, e.g. 2026-12-02T10:30:00+00:00 (or Z).")
    return moment.astimezone(UTC)


@main.command("escalate")
@click.option("--now", "now_text", metavar="ISO",
              help="FOR TESTING AND REPLAY ONLY: act as if it were this moment (with a time zone). "
                   "Never use it in a scheduled run.")  # fmt: skip
@one_line_errors
def escalate(now_text: str | None) -> None:
    """Escalate every overdue step of every unacknowledged urgent flag (run it every minute)."""
    database = open_database()
    sender = configured_sender(database, timeout=CLI_TIMEOUT_SECONDS)
    counts = run_escalation_pass(database, sender, now=_moment(now_text))
    click.echo(f"{counts} Sent through: {sender.name}.")
