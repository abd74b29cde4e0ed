"""The command group and what every command shares; the core commands (init-db, check).

Every command opens the database through `open_database`, which migrates to head first
when the connected role may (`init-db` connects as DATABASE_OWNER_URL when it is set).
A `ScreeningError` becomes one line on stderr and exit code 1; any other failure is one
generic line (exit 2) with the detail in the log, never a traceback or patient data.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar

import click

from models.database import redacted
from screening.database.rules.demo_mode import MISPLACED_DEMO, NOT_A_DEMO_DATABASE
from screening.database.services.database import Database, configured_url, is_empty, open_database
from screening.database.services.demo_database import demo_state, is_demo_url, url_for_humans
from screening.errors import ConflictError, ScreeningError

log = logging.getLogger("screening.cli.group")
F = TypeVar("F", bound=Callable[..., Any])


def one_line_errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ScreeningError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        except Exception:
            log.exception("command failed")
            click.echo("Error: the command failed unexpectedly; see the log for details.", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Mind & Body screening: database set-up, demo data and checks.

    DATABASE_URL selects the database (default: data/screening.db, never demo data). The
    demo has a database of its own: `make run` uses data/demo.db (`init-db --demo`).
    DATABASE_OWNER_URL, when set, is the schema owner that init-db migrates as.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command("init-db")
@click.option(
    "--demo",
    is_flag=True,
    help="The demo database (`make run`): load the demo service when it is empty. Refused "
    "unless DATABASE_URL names a demo database (data/demo.db, *-demo.db, *_demo).",
)
@click.option("--demo-if-empty", "demo_if_empty", is_flag=True, hidden=True)  # the old name of --demo
@click.option("--seed", default=7, show_default=True, help="Seed for the demo data.")
@one_line_errors
def init_db(demo: bool, demo_if_empty: bool, seed: int) -> None:
    """Create or upgrade the schema to the newest migration (as DATABASE_OWNER_URL when set)."""
    from models.database import owner_database_url
    from screening.database.services.database_roles import grant_configured_app_role

    url = configured_url()
    if demo or demo_if_empty:
        _refuse_unless_demo_location(url)
    owner = open_database(owner_database_url())
    click.echo(f"Database {redacted(url)} is at the newest schema revision.")
    role = grant_configured_app_role(owner.engine, url)
    owner.dispose()
    if role:
        click.echo(f"Granted the app role {role} its rights on every table.")
    if not (demo or demo_if_empty):
        return
    database = open_database(url)
    with database.transaction() as session:
        empty, state = is_empty(session), demo_state(session)
    if empty:
        _load_demo(database, seed=seed, end=None, patients=None)
    elif state == "demo":
        click.echo("It already holds the demo service: demo data not loaded again.")
        _refresh_demo_languages(database)
        _print_demo_users()
    else:
        raise ConflictError(
            f"{redacted(url)} is named as the demo database but holds data that is not the demo service; "
            "move that file (or database) away and run the command again to make a fresh demo."
        )


@main.command("demo-data")
@click.option("--seed", default=7, show_default=True, help="Same seed and end date, same data.")
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day of the twelve months (default today).")
@click.option("--patients", type=click.IntRange(10, 500_000), help="How many patients (default about 2,000).")
@one_line_errors
def demo_data(seed: int, end: Any, patients: int | None) -> None:
    """Load a realistic, clearly marked demo service into an EMPTY demo database
    (DATABASE_URL naming data/demo.db, a *-demo.db file or a *_demo PostgreSQL database).
    """
    url = configured_url()
    _refuse_unless_demo_location(url)
    _load_demo(open_database(url), seed=seed, end=end.date() if end else None, patients=patients)


def _refuse_unless_demo_location(url: str) -> None:
    if not is_demo_url(url):
        raise ConflictError(f"DATABASE_URL ({url_for_humans(url)}) is not a demo database. {NOT_A_DEMO_DATABASE}")


def _load_demo(database: Database, *, seed: int, end: date | None, patients: int | None) -> None:
    from demo.data import load_demo_data

    options: dict[str, Any] = {"seed": seed, "end": end}
    if patients is not None:
        options["patients"] = patients
    with database.transaction() as session:
        summary = load_demo_data(session, **options)
    click.echo(f"Demo data loaded into {redacted(database.url)} (seed {seed}): {summary}")
    _print_demo_users()


def _refresh_demo_languages(database: Database) -> None:
    from demo.data import ACTOR
    from demo.languages import refresh_demo_languages

    with database.transaction() as session:
        refreshed = refresh_demo_languages(session, ACTOR)
    if refreshed:
        click.echo(f"Test languages imported again from the current English master: {', '.join(refreshed)}.")


def _print_demo_users() -> None:
    from demo.users import demo_credentials

    click.echo("Demo sign-ins (demo data only; also shown on the demo banner):")
    for role, username, password, pin in demo_credentials():
        click.echo(f"  {role:<16} {username:<18} password {password:<22} PIN {pin}")


@main.command("check")
@one_line_errors
def check() -> None:
    """Print the database URL (password hidden), schema revision and row counts."""
    from screening.database.services.status import database_status
    from screening.uptake.services.uptake_days import queued_patients

    database = open_database()
    status = database_status(database)
    with database.transaction() as session:
        uptake_queued = queued_patients(session)  # patients whose summary rows wait for a refresh
    click.echo(f"Database:  {status.url}")
    state = "up to date" if status.up_to_date else f"behind head {status.head}"
    click.echo(f"Revision:  {status.revision} ({state})")
    if not status.demo:
        click.echo("Demo data: no")
    elif is_demo_url(database.url):
        click.echo("Demo data: yes (the demo database: demo sign-ins and the demo key work here only)")
    else:
        click.echo(f"Demo data: yes, MISPLACED. {MISPLACED_DEMO}")
    for table, count in status.counts.items():
        click.echo(f"  {table:<20} {count:>9,}")
    if status.autovacuum is False:
        click.echo("Autovacuum: OFF on this server. The uptake summary and its queue leave old row versions "
                   "that only a vacuum clears, and dashboard readings slow down as they gather: turn "
                   "autovacuum on (PostgreSQL's default), or run VACUUM ANALYZE after every import.")  # fmt: skip
    elif status.autovacuum:
        click.echo("Autovacuum: on")
    if uptake_queued:
        click.echo(f"Uptake summary: {uptake_queued:,} patients wait for a refresh "
                   "(the dashboard does it; or run `python -m screening refresh-uptake`).")  # fmt: skip
