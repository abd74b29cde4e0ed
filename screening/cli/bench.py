"""`python -m screening bench analytics`: the uptake benchmark of issue 8 (not a test).

Design decisions:
- It builds a synthetic service (`bench_database`: 300,000 patients, 3,000,000
  attendances, 1,000,000 sittings at --scale 1, over --months months up to today) in a
  SQLite file, and on PostgreSQL too when DATABASE_URL names a PostgreSQL server: in a
  new database of its own on that server (`mb_bench_..._demo`, named as a demo database since
  it carries the demo marker), never in DATABASE_URL's.
- It reports, median of --repeats: uptake by site x ethnic group for the last twelve
  months through the service the dashboard uses; the naive route (rows into pandas,
  then group) and the ratio; DuckDB as the anchor (issue 19: the same raw rows copied
  into an in-memory DuckDB, the same definitions in plain SQL, `duckdb_anchor`; its load
  timed apart), its counts checked group by group against the product's, and the ratio
  product / DuckDB; and the dashboard pages' first full render, timed in a
  child process (`benchmarks/dashboard_render.py`) so this command never imports
  Streamlit. The SQL and naive results are also compared: they must agree.
- DuckDB is a benchmark tool (requirements-dev.txt), imported only when the anchor runs;
  --skip-duckdb leaves it out.
- --keep keeps the databases and a later --keep run reuses them (the build is the slow
  part); without it they are deleted at the end. A kept service whose uptake summary is
  out of date (an upgrade queues every patient) is brought up to date before timing.
- Registered on `screening.cli.group.main` when imported (`screening.cli` imports it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from benchmarks.builders.report import CATCH_UP_PATIENTS, BackendResult, Timing, report_lines, timed
from benchmarks.builders.servers import drop_server_database, server_database
from screening.cli.group import main, one_line_errors
from screening.database.services.database import Database, configured_url, open_database
from screening.errors import ScreeningError
from screening.uptake.rules.analytics_filters import AnalyticsFilters, london_today

ROOT = Path(__file__).resolve().parents[2]  # the repository: benchmarks/ and data/ are there
BY = ("site", "ethnic_group")


@main.group("bench")
def bench() -> None:
    """Benchmarks on synthetic data (slow; not part of the test suite)."""


class BenchFailed(ScreeningError):
    """A benchmark step failed; the message says which."""


def _run_backend(backend: str, url: str, *, reuse: bool, scale: float, months: int, end: date,
                 repeats: int, naive: bool, render: bool, anchor: bool) -> BackendResult:  # fmt: skip
    from benchmarks.builders.database import build_bench_database, stored_size
    from benchmarks.builders.population import BenchSize
    from screening.uptake.services.analytics_scope import resolve_scope
    from screening.uptake.services.uptake import uptake_table
    from screening.uptake.services.uptake_counts import GroupCounts, group_counts
    from screening.uptake.services.uptake_days import refresh_uptake_days, tidy_uptake_days
    from screening.uptake.services.uptake_naive import naive_counts

    size = BenchSize().scaled(scale)
    database = open_database(url)
    with database.transaction() as session:
        kept = stored_size(session) if reuse else None
        if kept is not None and kept != size:
            raise BenchFailed(
                f"{make_url(url).render_as_string()} holds a benchmark of another size; run without --keep."
            )
        build = (f"reused the kept service ({kept.patients:,} patients, {kept.attendances:,} attendances, "
                 f"{kept.sessions:,} sittings)") if kept else (
            f"built {build_bench_database(session, size=size, end=end, months=months)}")  # fmt: skip
    with database.transaction() as session:  # a kept service from before the summary: build it now, untimed
        refreshing = time.perf_counter()
        refreshed = refresh_uptake_days(session, give_way=False)
    if refreshed:
        build += f"; built its uptake summary ({refreshed:,} patients) in {time.perf_counter() - refreshing:.1f} s"
    if backend == "postgresql":
        _vacuum(database.engine)  # every table, the summary among them, as autovacuum would
    elif refreshed or kept is None:
        tidy_uptake_days(database.engine)  # ANALYZE, as an operator would after a bulk load
    if backend == "sqlite":
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    filters = AnalyticsFilters(end - timedelta(days=364), end)
    result = BackendResult(backend, build)

    def through(route: Callable[..., list[GroupCounts]]) -> list[GroupCounts]:
        with database.transaction() as session:
            return route(session, resolve_scope(session, None, filters), filters.utc_bounds(), BY)

    def dashboard_query() -> object:
        with database.transaction() as session:
            return uptake_table(session, None, filters, BY)

    result.query = timed(dashboard_query, repeats)
    result.trend = timed(lambda: _trend(database, end, months), repeats)
    result.catch_up = _catch_up(database, repeats, end)
    if naive:
        result.naive = timed(lambda: through(naive_counts), repeats, warm_up=False)
        sql = [(g.groups, {k: g.counts[k] for k in ("eligible", "offered", "screened", "declined")})
               for g in through(group_counts)]  # fmt: skip
        agree = sql == [(g.groups, g.counts) for g in through(naive_counts)]
        result.notes.append(f"SQL and naive routes {'agree' if agree else 'DISAGREE'} on all {len(sql)} groups")
    if anchor:
        _anchor(result, database.engine, {g.groups: g.counts for g in through(group_counts)}, filters, repeats)
    database.dispose()
    for line in report_lines(result):
        click.echo(line)
    if render:
        result.renders = _renders(url, repeats)
        result.build, result.query, result.naive, result.anchor, result.notes = "", None, None, None, []
        result.trend, result.catch_up = None, {}
        for line in report_lines(result)[1:]:
            click.echo(line)
    return result


def _trend(database: Database, end: date, months: int) -> object:
    """Uptake over time by week for every month of the service, as the Uptake page asks."""
    from screening.uptake.services.uptake_trend import uptake_trend

    with database.transaction() as session:
        return uptake_trend(session, None, AnalyticsFilters(end - timedelta(days=months * 365 // 12 - 1), end), "week")


def _catch_up(database: Database, repeats: int, end: date) -> dict[str, Timing]:
    """The refresh that brings `CATCH_UP_PATIENTS` queued patients' summary rows and totals
    up to date, as a reading after a large change would, for each kind of change in
    `CATCH_UPS` (each run makes the change and commits it, untimed; the triggers queue
    the patients). Each kind starts with a run that is not timed: on a service kept from
    before migrations 0017 and 0018 it also writes the queued patients' row hashes and
    value entries for the first time. On PostgreSQL every table is vacuumed before each
    run, untimed (`_vacuum`). Each kind starts from the service as built: the visits are
    taken away after their runs."""
    from screening.uptake.services.uptake_days import refresh_uptake_days

    first = "SELECT id FROM patients ORDER BY id LIMIT :n"
    when = datetime.combine(end, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
    visit = (
        "INSERT INTO attendances (patient_id, clinic_id, appointment_at, status, source_ref, created_at, updated_at) "
        "SELECT p.id, (SELECT a.clinic_id FROM attendances a WHERE a.patient_id = p.id LIMIT 1), :at, "
        f"'attended', 'bench-catch-up-' || :run || '-' || p.id, :at, :at FROM ({first}) p "
        "WHERE EXISTS (SELECT 1 FROM attendances a WHERE a.patient_id = p.id)"
    )
    # A clinic list's visits are the latest each patient has: each run's come a day after
    # the run before's (the last on `end`). A late list's come a day before the run before's,
    # so each lands before a visit already summarised and changes that row's previous day.
    changes = {
        "nothing changed": lambda run, repeat: (f"INSERT INTO uptake_stale (patient_id) {first}", {}),
        "one more visit each": lambda run, repeat: (
            visit, {"run": run, "at": _stored(database, when - timedelta(days=repeats - repeat))}
        ),
        "a visit before the last each": lambda run, repeat: (
            visit, {"run": run, "at": _stored(database, when - timedelta(days=repeat + 1))}
        ),
        "every row changed": lambda run, repeat: (
            f"UPDATE patients SET imd_decile = imd_decile % 10 + 1 WHERE imd_decile IS NOT NULL AND id IN ({first})", {},
        ),
    }  # fmt: skip
    timings, run = {}, 0
    for kind, change in changes.items():
        runs = []
        for repeat in range(repeats + 1):
            run += 1
            with database.transaction() as session:
                statement, values = change(run, repeat)
                session.execute(text(statement), {"n": CATCH_UP_PATIENTS, **values})
                queued = session.scalar(text("SELECT count(DISTINCT patient_id) FROM uptake_stale"))
            _vacuum(database.engine)  # every table, as autovacuum would (PostgreSQL)
            started = time.perf_counter()
            with database.transaction() as session:
                refreshed = refresh_uptake_days(session, give_way=False)
            if repeat:
                runs.append(time.perf_counter() - started)
            if refreshed != queued:
                raise BenchFailed(f"the catch-up refreshed {refreshed:,} patients, not the {queued:,} queued.")
        timings[kind] = Timing(tuple(runs))
        # Back to the service as built, untimed, for the next kind and the next --keep run:
        # left in place, the visits added four days to each patient, and "every row changed"
        # then changed 366,834 rows rather than the built service's 251,557.
        with database.transaction() as session:
            session.execute(text("DELETE FROM attendances WHERE source_ref LIKE 'bench-catch-up-%'"))
        with database.transaction() as session:
            refresh_uptake_days(session, give_way=False)
    return timings


def _vacuum(engine: Engine) -> None:
    """PostgreSQL: VACUUM ANALYZE every table, as autovacuum (on by default) keeps doing on
    a real server; this machine's server runs with it off. Unvacuumed, the source tables'
    covering indexes could not answer alone (a catch-up's read of 10,000 patients'
    attendances visited the table for each of their 104,000 rows: 0.6 s, 0.3 s once
    vacuumed), the queue kept millions of dead entries, and each run stepped over the
    row versions of the runs before it, so the figures said more about the order of runs
    than about the product. SQLite needs nothing: it updates in place."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


def _stored(database: Database, moment: datetime) -> object:
    """A UTC time as the attendances table stores it (SQLite: text without a zone)."""
    if database.engine.dialect.name == "sqlite":
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment


def _anchor(result: BackendResult, engine: Engine, product: dict[tuple[str, ...], dict[str, int]],
            filters: AnalyticsFilters, repeats: int) -> None:  # fmt: skip
    """DuckDB on the same raw rows (issue 19): load (timed apart), time, check the counts."""
    from benchmarks.builders.duckdb_anchor import compare, load_anchor

    loaded = load_anchor(engine)
    try:
        bounds = filters.utc_bounds()
        result.anchor = timed(lambda: loaded.uptake_by_site_and_ethnic_group(bounds), repeats)
        rows = ", ".join(f"{count:,} {table.replace('_', ' ')}" for table, count in loaded.rows.items())
        threads = loaded.connection.execute("SELECT current_setting('threads')").fetchone()
        result.anchor_load = (
            f"loaded {rows} in {loaded.load_seconds:.1f} s, not counted; {threads[0] if threads else '?'} threads"
        )
        result.notes.append(
            f"DuckDB and the product: {compare(product, loaded.uptake_by_site_and_ethnic_group(bounds))}"
        )
    finally:
        loaded.close()


def _renders(url: str, repeats: int) -> dict[str, Timing]:
    script = ROOT / "benchmarks" / "dashboard_render.py"
    done = subprocess.run([sys.executable, str(script), "--repeats", str(repeats)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "DATABASE_URL": url}, check=False)  # fmt: skip
    if done.returncode != 0:
        raise BenchFailed(f"the dashboard render failed: {' '.join(done.stderr.strip().splitlines()[-1:])}")
    return {page: Timing(tuple(runs)) for page, runs in json.loads(done.stdout.strip().splitlines()[-1]).items()}


@bench.command("analytics")
@click.option(
    "--scale",
    type=click.FloatRange(0, 3, min_open=True),
    default=1.0,
    show_default=True,
    help="Size as a fraction of 300,000 patients / 3,000,000 attendances / 1,000,000 sittings.",
)
@click.option(
    "--months",
    type=click.IntRange(12, 36),
    default=24,
    show_default=True,
    help="Months the synthetic service spans (the query covers the last 12).",
)
@click.option("--repeats", type=click.IntRange(1, 50), default=5, show_default=True, help="Timed runs per figure.")
@click.option("--keep", is_flag=True, help="Keep the databases, and reuse ones kept by an earlier --keep run.")
@click.option("--skip-naive", is_flag=True, help="Do not time the naive route (the slowest part).")
@click.option("--skip-render", is_flag=True, help="Do not time the dashboard render.")
@click.option("--skip-duckdb", is_flag=True, help="Do not time DuckDB, the anchor (it needs requirements-dev.txt).")
@one_line_errors
def bench_analytics(scale: float, months: int, repeats: int, keep: bool, skip_naive: bool, skip_render: bool,
                    skip_duckdb: bool) -> None:  # fmt: skip
    """Build the synthetic service and time the uptake query, the naive route, DuckDB and the dashboard."""
    end = london_today(datetime.now(UTC))
    tag = f"{round(scale * 100)}pc_{months}m"
    folder = ROOT / "data" if keep else Path(tempfile.mkdtemp(prefix="mb-bench-"))
    folder.mkdir(exist_ok=True)
    targets = [("sqlite", f"sqlite:///{folder / f'bench-analytics-{tag}-demo.db'}", keep)]
    server = configured_url()
    if make_url(server).get_backend_name() == "postgresql":
        url, reused = server_database(server, f"mb_bench_{tag}_demo", reuse=keep)
        targets.append(("postgresql", url, reused))
    click.echo(f"Analytics benchmark, scale {scale} over {months} months to {end}; load average "
               f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")  # fmt: skip
    for backend, url, reuse in targets:
        _run_backend(backend, url, reuse=reuse, scale=scale, months=months, end=end, repeats=repeats,
                     naive=not skip_naive, render=not skip_render, anchor=not skip_duckdb)  # fmt: skip
        if backend == "postgresql" and not keep:
            drop_server_database(url)
    click.echo(f"Load average at the end: {os.getloadavg()[0]:.1f}." + (f" Kept in {folder}." if keep else ""))
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
