"""CSV imports on the command line: `import-attendances`, `import-screenings` (issue 5).

Design decisions:
- The commands run with no signed-in user (`actor=None`, audited as "command line"),
  like `create-user`: whoever runs them already controls the server and its files.
- An import prints every invalid row (line, column, reason: never a value), writes the
  same report beside the file as `<name>.errors.csv`, and with --skip-invalid writes
  the rejected rows themselves to `<name>.rejected.csv` with a reason column. Both are
  formula-safe, UTF-8 with a byte-order mark so a spreadsheet shows accented names
  right. A report left by an earlier run of the same file is removed, so what lies
  beside the file always describes the last run.
- An all-or-nothing import with invalid rows exits 1 after the report (nothing was
  imported; the attempt itself is recorded as an import run). The summary line gives
  read, inserted, updated, unchanged, rejected.
- The import commits in short steps itself (it is given the sessionmaker), so tablets
  keep saving while a large file goes in; a database holding the demo service refuses
  real data before anything is written (one line saying what to do).
- Registered on `screening.cli.group.main` when imported; `screening.cli` imports this.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

import click

from screening.cli.group import main, one_line_errors
from screening.database.services.database import open_database
from screening.errors import ScreeningError
from screening.imports.rules.import_report import ImportResult, write_error_report
from screening.imports.services.attendance_import import import_attendances
from screening.imports.services.screening_import import import_screenings

REPORT_ENCODING = "utf-8-sig"
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


class ImportRefused(ScreeningError):
    """An all-or-nothing import met invalid rows and imported nothing."""


def _import_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--dry-run", is_flag=True, help="Check and count everything, change nothing.")(func)
    func = click.option("--skip-invalid", is_flag=True,
                        help="Import the valid rows; write the rejected ones to FILE.rejected.csv.")(func)  # fmt: skip
    return click.argument("file", type=FILE)(func)


@click.command("import-attendances")
@_import_options
@one_line_errors
def import_attendances_command(file: Path, skip_invalid: bool, dry_run: bool) -> None:
    """Import a clinic list (PAS attendance extract) CSV; idempotent by appointment_id."""
    _run(import_attendances, file, skip_invalid=skip_invalid, dry_run=dry_run)


@click.command("import-screenings")
@_import_options
@click.option("--open-flags", is_flag=True, help="Leave the flags open for review instead of closed.")
@one_line_errors
def import_screenings_command(file: Path, skip_invalid: bool, dry_run: bool, open_flags: bool) -> None:
    """Import historical screening results (one row per sitting); idempotent by session_ref."""
    _run(import_screenings, file, skip_invalid=skip_invalid, dry_run=dry_run, open_flags=open_flags)


def _run(service: Callable[..., ImportResult], file: Path, *, skip_invalid: bool, **options: Any) -> None:
    database = open_database()
    report, rejected_path = (file.with_name(f"{file.stem}.{what}.csv") for what in ("errors", "rejected"))
    for stale in (report, rejected_path):
        stale.unlink(missing_ok=True)
    try:
        with ExitStack() as files:
            binary = files.enter_context(file.open("rb"))
            rejected = files.enter_context(_report_file(rejected_path)) if skip_invalid else None
            # The sessionmaker, not one transaction: the import commits in short steps, so the
            # clinic's tablets keep saving while it runs (screening.imports.services.import_runs).
            result = service(database.sessions, binary, skip_invalid=skip_invalid, rejected=rejected, **options)
    except BaseException:
        rejected_path.unlink(missing_ok=True)
        raise
    if not result.rejected:
        rejected_path.unlink(missing_ok=True)
    _report(result, report, rejected_path if skip_invalid else None)


def _report(result: ImportResult, report: Path, rejected_path: Path | None) -> None:
    for error in result.errors:
        click.echo(str(error))
    if result.errors:
        with _report_file(report) as out:
            write_error_report(result.errors, out)
        click.echo(f"Invalid rows reported in {report}")
    if rejected_path is not None and result.rejected:
        click.echo(f"Rejected rows written to {rejected_path}")
    click.echo(result.summary())
    if result.refused:
        many = result.rejected != 1
        raise ImportRefused(
            f"{result.rejected:,} invalid row{'s' * many}, so nothing was imported: correct "
            f"{'them' if many else 'it'} (see {report.name}) or use --skip-invalid."
        )


def _report_file(path: Path) -> TextIO:
    return path.open("w", encoding=REPORT_ENCODING, newline="")


main.add_command(import_attendances_command)
main.add_command(import_screenings_command)
