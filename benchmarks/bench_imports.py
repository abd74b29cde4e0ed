"""Benchmark of the CSV imports (issue 5): a benchmark, not a test.

    .venv/bin/python benchmarks/bench_imports.py [--attendances 100000] [--screenings 50000]
        [--backends sqlite,postgresql] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432]

Writes a clinic list and a historical screening file into a temporary folder, then on
each backend makes a fresh database (a SQLite file; a PostgreSQL database it creates
and drops), adds the sites and clinics, and times, in short transactions as the
command line runs them (issue 14; `bench_import_locks.py` compares one transaction):
the clinic list, the same list again (all unchanged: the idempotent path), and the
screening file. Each import runs in a child process so its
peak memory (ru_maxrss) is its own; the baseline is the child's resident size just
before the import starts (interpreter, SQLAlchemy, instruments). Target: 100,000
attendances in under 30 s on either database, memory bounded.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.bench_files import clinics, write_attendances, write_screenings
from benchmarks.throwaway_databases import backends, throwaway
from screening.database.services.database import open_database


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def _child(url: str, kind: str, path: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from screening.imports.services.attendance_import import import_attendances
    from screening.imports.services.screening_import import import_screenings

    service = import_attendances if kind != "screenings" else import_screenings
    database = open_database(url)
    baseline = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as binary:
        result = service(database.sessions, binary)  # short transactions, as the command line runs it
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    database.dispose()
    out.put((seconds, cpu, result.rows_read, result.summary(), dict(result.details), baseline, peak))


def _timed(url: str, kind: str, path: Path) -> None:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.get_context("fork").Process(target=_child, args=(url, kind, str(path), queue))
    child.start()
    seconds, cpu, rows, summary, details, baseline, peak = queue.get()
    child.join()
    print(f"  {kind:<20} {seconds:6.1f} s {rows / seconds:8,.0f} rows/s  (Python CPU {cpu:5.1f} s)  "
          f"peak RSS {peak:4.0f} MB (baseline {baseline:.0f} MB)")  # fmt: skip
    print(f"    {summary}; {', '.join(f'{k} {v:,}' for k, v in details.items())}")


def _setup(url: str) -> None:
    from screening.sites.services.reference_data import add_clinic, add_site

    database = open_database(url)
    with database.transaction() as session:
        for site in sorted({s for s, _, _ in clinics()}):
            add_site(session, site, f"Site {site}")
        for site, code, specialty in clinics():
            add_clinic(session, site, code, f"{code} clinic", specialty=specialty)
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendances", type=int, default=100_000)
    parser.add_argument("--screenings", type=int, default=50_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as temp:
        folder = Path(temp)
        attendances, screenings = folder / "clinic_list.csv", folder / "screenings.csv"
        started = time.perf_counter()
        attended = write_attendances(attendances, args.attendances, patients=args.attendances // 4)
        write_screenings(screenings, attended, args.screenings)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 2**20:.1f} MB" for p in (attendances, screenings))
        print(f"Files written in {time.perf_counter() - started:.1f} s: {sizes}")
        print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for backend in backends(args.backends):
            with throwaway(backend, folder, args.postgres) as url:
                _setup(url)
                print(f"{backend}:")
                _timed(url, "attendances", attendances)
                _timed(url, "attendances (again)", attendances)
                _timed(url, "screenings", screenings)


if __name__ == "__main__":
    main()
