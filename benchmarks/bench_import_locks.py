"""Benchmark of what a large clinic-list import does to the tablets (issue 14): not a test.

    .venv/bin/python benchmarks/bench_import_locks.py [--attendances 100000]
        [--backends sqlite,postgresql] [--modes steps,one] [--postgres postgresql+psycopg://...]

On each backend: a fresh database (SQLite file; PostgreSQL database made and dropped),
its sites and clinics, and 40 tablet sittings in progress (patients not in the file).
Then a 100,000-row clinic list is imported as the command line does it ("steps": the
import is given the sessionmaker and commits in short steps) and, for comparison, as
issue 5 did it ("one": the whole import in one transaction), on a fresh database each.
During each import, each in its own process:
- the importer's own engine times every write transaction from the moment its first
  write statement (INSERT/UPDATE/DELETE: SQLite takes the write lock there) returns to
  the return of its COMMIT or ROLLBACK (SQLAlchemy's `after_cursor_execute` event, and
  the dialect's `do_commit` / `do_rollback` wrapped; a wait for the lock is not a
  hold: the prober sees those);
- SQLite only: a prober opens its own connection and loops `BEGIN IMMEDIATE` (waiting up
  to 60 s) then ROLLBACK every 20 ms, recording the longest wait for the lock;
- a tablet saves one answer every 50 ms with `sittings.record_answers`, each in its own
  transaction on the app's usual engine (busy timeout 10 s), recording each save's
  time from the call to the commit returning, and any that fail.
Reported: import time, the longest write transaction (target < 500 ms on SQLite), the
prober's longest wait, and the tablet's saves: count, median, max (target < 1 s), failures.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event
from sqlalchemy.engine import make_url

from benchmarks.bench_files import clinics, nhs_numbers, write_attendances
from benchmarks.throwaway_databases import backends, throwaway
from questionnaires import load_instrument
from screening.database.services.database import open_database

TABLETS = 40
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
LOCK_TAKER = "DELETE FROM import_staging"  # the write that changes nothing, to take the lock


def _prepare(url: str, patients_in_file: int) -> list[int]:
    """Sites and clinics for the file, and TABLETS sittings in progress for the tablet to answer."""
    from models import Patient
    from screening.sites.services.reference_data import add_clinic, add_site
    from screening.sittings.services.sittings import start_session

    database = open_database(url)
    with database.transaction() as session:
        for site in sorted({s for s, _, _ in clinics()}):
            add_site(session, site, f"Site {site}")
        ids = {code: add_clinic(session, site, code, f"{code} clinic", specialty=spec).id
               for site, code, spec in clinics()}  # fmt: skip
        sittings = []
        for n, number in enumerate(nhs_numbers(patients_in_file + TABLETS)[-TABLETS:]):
            patient = Patient(nhs_number=number, family_name="Tablet", given_name=f"T{n}",
                              date_of_birth=date(1980, 1, 1), gender_code="2", ethnic_category="N")  # fmt: skip
            session.add(patient)
            session.flush()
            sittings.append(start_session(session, patient_id=patient.id, clinic_id=next(iter(ids.values())),
                                          attendance_id=None, mode="assisted", language="English",
                                          staff_user_id=None, idempotency_key=f"tablet-{n}",
                                          now=datetime.now(UTC)).id)  # fmt: skip
    database.dispose()
    return sittings


def _tablet(url: str, sittings: list[int], stop: Any, out: Any) -> None:
    from screening.sittings.services.sittings import record_answers

    database, version = open_database(url, migrate=False), load_instrument("phq9").version
    timings, failures, n = [], 0, 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with database.transaction() as session:
                record_answers(session, sittings[n % len(sittings)], {f"phq9_{n % 8 + 1}": n % 4},
                               instrument_id="phq9", instrument_version=version, actor_user_id=None,
                               actor="bench.tablet")  # fmt: skip
            timings.append(time.perf_counter() - started)
        except Exception:
            failures += 1
        n += 1
        time.sleep(0.05)
    database.dispose()
    out.put(("tablet", timings, failures))


def _prober(path: str, stop: Any, out: Any) -> None:
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    longest, probes = 0.0, 0
    while not stop.is_set():
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        longest = max(longest, time.perf_counter() - started)
        connection.execute("ROLLBACK")
        probes += 1
        time.sleep(0.02)
    connection.close()
    out.put(("prober", longest, probes))


def _importer(url: str, path: str, mode: str, out: Any) -> None:
    from screening.imports.services.attendance_import import import_attendances

    database = open_database(url, migrate=False)
    holds: list[tuple[float, str]] = []  # (seconds, what the transaction's first write was)
    started_at: dict[Any, tuple[float, str]] = {}  # by DBAPI connection

    @event.listens_for(database.engine, "after_cursor_execute")  # after: the lock is held once it returns
    def _write(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        key, words = conn.connection.dbapi_connection, " ".join(statement.split()[:3])
        if key not in started_at and statement.lstrip().upper().startswith(WRITES):
            started_at[key] = (time.perf_counter(), words)
        elif key in started_at and started_at[key][1] == LOCK_TAKER and words.upper().startswith(WRITES):
            started_at[key] = (started_at[key][0], words)  # name the step by its first real write

    def _end(fairy: Any) -> None:  # the pool's proxy of the DBAPI connection, as do_commit gets it
        if (began := started_at.pop(fairy.dbapi_connection, None)) is not None:
            holds.append((time.perf_counter() - began[0], began[1]))

    # The `commit` event fires before the driver's COMMIT: time to its return instead.
    dialect = database.engine.dialect
    for name in ("do_commit", "do_rollback"):

        def _timed(fairy: Any, _original: Any = getattr(dialect, name)) -> None:  # noqa: B008 - binds this name
            _original(fairy)
            _end(fairy)

        setattr(dialect, name, _timed)
    started = time.perf_counter()
    with open(path, "rb") as binary:
        if mode == "steps":
            result = import_attendances(database.sessions, binary)
        else:
            with database.transaction() as session:
                result = import_attendances(session, binary)
    seconds = time.perf_counter() - started
    database.dispose()
    out.put(("import", seconds, holds, result.summary()))


def measure(url: str, backend: str, path: Path, mode: str, patients: int) -> None:
    sittings = _prepare(url, patients)
    fork = multiprocessing.get_context("fork")
    stop, out = fork.Event(), fork.Queue()
    helpers = [fork.Process(target=_tablet, args=(url, sittings, stop, out))]
    if backend == "sqlite":
        helpers.append(fork.Process(target=_prober, args=(make_url(url).database, stop, out)))
    for helper in helpers:
        helper.start()
    time.sleep(1)
    importer = fork.Process(target=_importer, args=(url, str(path), mode, out))
    importer.start()
    got = {"import": out.get()}
    stop.set()
    for _ in helpers:
        item = out.get()
        got[item[0]] = item
    for process in (importer, *helpers):
        process.join()
    _, seconds, timed, summary = got["import"]
    holds, longest = [t for t, _ in timed], max(timed)
    _, saves, failures = got["tablet"]
    label = {"steps": "short steps", "one": "one transaction (issue 5)"}[mode]
    print(f"  {label}: import {seconds:.1f} s; {summary}")
    print(f"    write transactions {len(holds):,}, longest {longest[0] * 1000:,.0f} ms ({longest[1]} ...) "
          f"(p99 {statistics.quantiles(holds, n=100)[98] * 1000 if len(holds) > 1 else 0:,.0f} ms)"
          f"{'  target < 500 ms on SQLite' if backend == 'sqlite' else ''}")  # fmt: skip
    if "prober" in got:
        print(f"    prober: longest wait for BEGIN IMMEDIATE {got['prober'][1] * 1000:,.0f} ms "
              f"over {got['prober'][2]:,} probes")  # fmt: skip
    if saves:
        print(f"    tablet saves during the import: {len(saves):,}, median {statistics.median(saves) * 1000:.0f} ms, "
              f"max {max(saves) * 1000:,.0f} ms, failed {failures}  (target max < 1 s)")  # fmt: skip
    else:
        print(f"    tablet saves during the import: none succeeded, failed {failures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendances", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--modes", default="steps,one")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    patients = args.attendances // 4
    with tempfile.TemporaryDirectory(prefix="bench-import-locks-") as temp:
        folder = Path(temp)
        path = folder / "clinic_list.csv"
        write_attendances(path, args.attendances, patients=patients)
        print(f"{args.attendances:,}-row clinic list; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for backend in backends(args.backends):
            print(f"{backend}:")
            for mode in backends(args.modes):
                run_folder = folder / f"{backend}-{mode}"
                run_folder.mkdir()
                with throwaway(backend, run_folder, args.postgres) as url:
                    open_database(url).dispose()  # migrate before the clocks start
                    measure(url, backend, path, mode, patients)


if __name__ == "__main__":
    main()
