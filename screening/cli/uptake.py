"""`python -m screening uptake`: uptake by one or two breakdowns, the dashboard's figures.

Design decisions:
- The same service as the dashboard (`uptake_table`), so the command line and the charts
  cannot disagree; suppressed by default (clinical.md s7).
- `--no-suppress` needs an administrator and a reason: `--user` (password from a hidden
  prompt or SCREENING_PASSWORD, checked by `sign_in`, which audits and counts failures)
  and `--reason`, recorded by `open_unsuppressed`. Without `--user` the command runs as
  "command line" (whoever controls the server), for suppressed figures only.
- Every run is audited (`analytics.exported`) in the same transaction as the read; the
  output is printed only after that transaction commits.
- `refresh-uptake` brings the uptake summary (`models.uptake_days`) up to date at once.
- Registered on `screening.cli.group.main` when imported (`screening.cli` imports it).
"""

from __future__ import annotations

import time
from typing import Any

import click

from screening.cli.group import main, one_line_errors
from screening.cli.sign_in import signed_in
from screening.database.services.database import open_database
from screening.errors import PermissionDenied
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import SUPPRESSED
from screening.uptake.rules.uptake_dimensions import BREAKDOWNS
from screening.uptake.rules.uptake_output import csv_text, json_text, table_text
from screening.uptake.services.analytics_access import open_unsuppressed, record_export
from screening.uptake.services.uptake import uptake_table

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command("uptake")
@click.option("--from", "start", type=DATE, required=True, help="First day (YYYY-MM-DD, London).")
@click.option("--to", "end", type=DATE, required=True, help="Last day, included.")
@click.option(
    "--by",
    "by",
    type=click.Choice(list(BREAKDOWNS)),
    multiple=True,
    required=True,
    help="A breakdown; give --by twice for a two-way table.",
)
@click.option("--site", "site_code", help="Only this site (site code).")
@click.option(
    "--no-suppress", is_flag=True, help="Exact counts: needs --user (an administrator) and --reason, both audited."
)
@click.option("--format", "output", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--user", "username", help="Sign in as this user (password prompted, or from SCREENING_PASSWORD).")
@click.option("--reason", help="Why exact counts are needed (recorded in the audit log).")
@one_line_errors
def uptake_command(
    start: Any, end: Any, by: tuple[str, ...], site_code: str | None, no_suppress: bool, output: str,
    username: str | None, reason: str | None,
) -> None:  # fmt: skip
    """Eligible, offered, screened, declined and uptake (with a Wilson 95% interval) for a
    period, by one or two breakdowns. Counts 1-7 show as "*", others rounded to 5.
    """
    filters = AnalyticsFilters(start.date(), end.date(), site_codes=(site_code,) if site_code else ())
    if no_suppress and not (username and (reason or "").strip()):
        raise PermissionDenied("--no-suppress needs --user (an administrator) and --reason.")
    database = open_database()
    user = signed_in(database, username) if username else None
    with database.transaction() as session:
        disclosure = open_unsuppressed(session, user, reason, filters) if no_suppress else SUPPRESSED
        rows = uptake_table(session, user, filters, by, disclosure)
        record_export(session, user, what="uptake", file_format=output, rows=len(rows), filters=filters,
                      disclosure=disclosure, extra={"by": list(by)})  # fmt: skip
    if output == "csv":
        click.echo(csv_text(by, rows), nl=False)
    elif output == "json":
        header = {"from": filters.start.isoformat(), "to": filters.end.isoformat(),
                  "site": site_code, "suppressed": disclosure.suppress}  # fmt: skip
        click.echo(json_text(by, rows, header), nl=False)
    else:
        click.echo(table_text(by, rows), nl=False)


main.add_command(uptake_command)


@click.command("refresh-uptake")
@one_line_errors
def refresh_uptake_command() -> None:
    """Bring the uptake summary up to date now (the dashboard and the imports also do it
    as they go); useful straight after an upgrade, which queues every patient."""
    from screening.uptake.services.uptake_days import refresh_uptake_days, tidy_uptake_days

    started = time.perf_counter()
    database = open_database()
    with database.transaction() as session:
        patients = refresh_uptake_days(session, give_way=False)
    if patients:
        tidy_uptake_days(database.engine)
    click.echo(f"Uptake summary up to date: {patients:,} patients refreshed in {time.perf_counter() - started:.1f} s.")


main.add_command(refresh_uptake_command)
