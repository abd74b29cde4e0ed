"""`python -m screening push-fhir`: deliver finished sittings to the trust's FHIR server (issue 18).

Safe every minute on every app server at once (each delivery is claimed before it is sent).
Off unless SCREENING_FHIR_PUSH_URL is set; SCREENING_FHIR_PUSH_TOKEN, when set, is sent as a
bearer token. Prints one line of counts, never a patient value. `--since DAY` sets the day
from which sittings are pushed (the first run starts from today), audited; `--watch N` runs
again every N seconds until stopped. docs/fhir.md says what is sent and how failures are kept.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime

import click

from screening.cli.group import main, one_line_errors
from screening.database.services.database import open_database
from screening.errors import InvalidValue
from screening.exports.rules.fhir_push import PUSH_URL_ENV
from screening.exports.rules.fhir_questionnaires import canonical_base
from screening.exports.services.fhir_client import fhir_poster
from screening.exports.services.fhir_push import push_due, set_push_since


@main.command("push-fhir")
@click.option("--since", "since_text", metavar="YYYY-MM-DD",
              help="Push the sittings started on or after this day (London). An earlier day sends the history "
                   "too; audited.")  # fmt: skip
@click.option("--watch", type=click.IntRange(10, 3600), metavar="SECONDS",
              help="Keep running, pushing again every SECONDS (10-3600) until stopped with Ctrl-C.")  # fmt: skip
@one_line_errors
def push_fhir(since_text: str | None, watch: int | None) -> None:
    """Send every finished sitting not yet delivered, and retry the ones that are due."""
    poster = fhir_poster()
    if poster is None:
        raise InvalidValue(
            PUSH_URL_ENV,
            "not set. Set it to the FHIR server's base URL (e.g. https://fhir.example.nhs.uk/R4) to push sittings.",
        )
    base = canonical_base(os.environ)
    database = open_database()
    if since_text is not None:
        day = _day(since_text)
        with database.transaction() as session:
            set_push_since(session, day, actor="command line")
        click.echo(f"Sittings started from {day:%d %B %Y} on will be pushed.")
    while True:
        run = push_due(database, poster, base=base)
        click.echo(f"{datetime.now():%H:%M:%S} {run}")
        if watch is None:
            return
        try:
            time.sleep(watch)
        except KeyboardInterrupt:
            return


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise InvalidValue("--since", "write a day as YYYY-MM-DD, e.g. 2026-12-01.") from error
