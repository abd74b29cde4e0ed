"""`python -m screening export-csv` and `export-fhir`: audited exports from the command line.

Design decisions:
- Identifiable exports (`export-csv --identifiable`, and `export-fhir`, whose Bundles name
  patients by NHS number) must prove an administrator: `--user` plus the password from a
  hidden prompt or SCREENING_PASSWORD (never an option: shell history and `ps` keep those),
  checked by `sign_in`, which audits and counts failures. The sign-in commits in its own
  transaction, so a refused password still counts towards the lockout.
- A refusal (role, site scope) is audited in its own transaction and then reported; the
  export itself is one transaction: audit row, rows read, file written. If anything
  fails the file is not written (`export_files` writes atomically) and the audit row is
  rolled back with the rest.
- Without `--user` a pseudonymised CSV export runs as "command line" (whoever controls the
  server), like `create-user`.
- The pseudonym key comes only from `screening.access.rules.app_secrets` (environment, then
  `.streamlit/secrets.toml`; the demo key only for demo data).
- Registered on `screening.cli.group.main` when imported (`screening.cli` imports it).
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from screening.access.rules.app_secrets import pseudonym_key, read_secrets_file
from screening.cli.group import main, one_line_errors
from screening.cli.sign_in import signed_in
from screening.database.services.database import Database, open_database
from screening.database.services.demo_database import demo_mode
from screening.errors import PermissionDenied
from screening.exports.rules.export_files import write_csv, write_folder
from screening.exports.rules.export_records import ExportRequest
from screening.exports.services.csv_export import csv_export
from screening.exports.services.export_access import export_refusal
from screening.exports.services.fhir_export import fhir_export
from screening.policy import CurrentUser

SECRETS_FILE = Path(".streamlit") / "secrets.toml"
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _prepare(request: ExportRequest, username: str | None, export_format: str) -> tuple[Database, CurrentUser | None]:
    """Open the database, prove the user if one is named, and refuse (audited) early."""
    if request.identifiable and not (username and request.reason):
        raise PermissionDenied("An identifiable export needs --user (an administrator) and --reason.")
    database = open_database()
    actor = signed_in(database, username) if username else None
    with database.transaction() as session:
        refusal = export_refusal(session, actor, request, export_format=export_format)
    if refusal:
        raise PermissionDenied(refusal)
    return database, actor


def _export_options(func: Any) -> Any:
    for decorator in reversed((
        click.option("--from", "start", type=DATE, required=True, help="First day (YYYY-MM-DD, London)."),
        click.option("--to", "end", type=DATE, required=True, help="Last day, included."),
        click.option("--site", "site_code", help="Only this site's sittings (site code)."),
        click.option("--user", "username",
                     help="Sign in as this user (password prompted, or from SCREENING_PASSWORD)."),
        click.option("--reason", help="Why identifiable data is needed (recorded in the audit log)."),
    )):  # fmt: skip
        func = decorator(func)
    return func


@click.command("export-csv")
@_export_options
@click.option(
    "--identifiable",
    is_flag=True,
    help="Add NHS number, names and date of birth (administrators, with --user and --reason).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file to write (replaced whole, or left as it was on failure).")  # fmt: skip
@one_line_errors
def export_csv_command(start: datetime, end: datetime, site_code: str | None, username: str | None,
                       reason: str | None, identifiable: bool, out: Path) -> None:  # fmt: skip
    """One row per finished sitting started in the date range: scores, bands, flags and
    demographic groups; pseudonymised unless --identifiable.
    """
    started = time.perf_counter()
    request = ExportRequest(start.date(), end.date(), site_code, identifiable, reason)
    database, actor = _prepare(request, username, "csv")
    with database.transaction() as session:
        key = pseudonym_key(os.environ, read_secrets_file(SECRETS_FILE), demo=demo_mode(session))
        export = csv_export(session, actor=actor, request=request, key=key)
        written = write_csv(out, export.columns, export.rows)
    mode = "identifiable" if identifiable else "pseudonymised"
    click.echo(f"Wrote {written:,} sittings ({mode}) to {out} in {time.perf_counter() - started:.1f} s.")


@click.command("export-fhir")
@_export_options
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="New (or empty) folder for one JSON Bundle per sitting.")  # fmt: skip
@one_line_errors
def export_fhir_command(start: datetime, end: datetime, site_code: str | None, username: str | None,
                        reason: str | None, out: Path) -> None:  # fmt: skip
    """One FHIR R4 Bundle per completed sitting started in the date range. Identifiable
    (patients are named by NHS number): needs --user (an administrator) and --reason.
    """
    started = time.perf_counter()
    request = ExportRequest(start.date(), end.date(), site_code, identifiable=True, reason=reason)
    database, actor = _prepare(request, username, "fhir")
    with database.transaction() as session:
        written = write_folder(out, fhir_export(session, actor=actor, request=request).files)
    click.echo(f"Wrote {written:,} FHIR Bundles to {out} in {time.perf_counter() - started:.1f} s.")


main.add_command(export_csv_command)
main.add_command(export_fhir_command)
