"""Benchmark of completing a sitting (issue 6): a benchmark, not a test.

    .venv/bin/python benchmarks/bench_completion.py [--completions 1000] [--seed 6]
        [--backends sqlite,postgresql] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

On each backend: a fresh database (a SQLite file in a temporary folder; a PostgreSQL
database it creates and drops), migrated to head, with one clinic and N answered sittings
(the full bundle: PHQ-9, GAD-7, AUDIT-C and the Vital 5, random answers from a fixed seed,
so about one sitting in five raises an item 9 or a severe blood pressure flag). Then each
sitting is completed in its own transaction exactly as the tablet's Finish tap does it:
the clock runs from calling `complete_session` to the commit returning, so it covers the
conditional UPDATE, reading the answers, scoring, the flags and their actions, and the
audit row. Reported: median, 95th percentile and maximum. Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from benchmarks.bench_files import nhs_numbers
from benchmarks.throwaway_databases import backends, throwaway_database
from models import Clinic, Flag, Patient, Site
from questionnaires import load_instrument
from screening.database.services.database import Database
from screening.sittings.services.completion import complete_session
from screening.sittings.services.sittings import record_answers, start_session

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def answers(rng: random.Random) -> dict[str, dict[str, int | float | str]]:
    phq9: dict[str, int | float | str] = {f"phq9_{i}": rng.choice((0, 0, 1, 1, 2, 3)) for i in range(1, 9)}
    phq9["phq9_9"] = 1 if rng.random() < 0.1 else 0
    phq9["phq9_10"] = 1
    systolic = rng.choice((118, 132, 145, 186))
    return {
        "phq9": phq9,
        "gad7": {f"gad7_{i}": rng.choice((0, 1, 1, 2, 3)) for i in range(1, 8)},
        "auditc": {f"auditc_{i}": rng.randrange(5) for i in range(1, 4)},
        "vital5": {"bp_systolic_1": systolic, "bp_diastolic_1": 80, "bp_systolic_2": systolic - 4,
                   "bp_diastolic_2": 78, "height_m": 1.70, "weight_kg": float(rng.randrange(55, 110)),
                   "smoking_status": rng.choice(("1", "2", "4"))},
    }  # fmt: skip


def prepare(database: Database, count: int, seed: int) -> list[int]:
    """N answered sittings, each in progress, written in batches of 100."""
    rng, numbers, ids = random.Random(seed), nhs_numbers(count), []
    with database.transaction() as session:
        site = Site(code="BENCH", name="Bench site")
        session.add(site)
        session.flush()
        clinic = Clinic(site_id=site.id, code="BENCH-1", name="Bench clinic", specialty="haemoglobinopathy")
        session.add(clinic)
        session.flush()
        clinic_id = clinic.id
    for start in range(0, count, 100):
        with database.transaction() as session:
            for n in range(start, min(start + 100, count)):
                patient = Patient(nhs_number=numbers[n], family_name="Bench", given_name=f"P{n}",
                                  date_of_birth=datetime(1980, 1, 1).date(), gender_code="2",
                                  ethnic_category=rng.choice("AHNR"))  # fmt: skip
                session.add(patient)
                session.flush()
                sitting = start_session(session, patient_id=patient.id, clinic_id=clinic_id, attendance_id=None,
                                        mode="self", language="English", staff_user_id=None,
                                        idempotency_key=f"bench-{n}", now=NOW)  # fmt: skip
                for instrument, given in answers(rng).items():
                    record_answers(session, sitting.id, given, instrument_id=instrument, instrument_version=load_instrument(instrument).version,
                                   actor_user_id=None)  # fmt: skip
                ids.append(sitting.id)
    return ids


def timed_completions(database: Database, ids: list[int]) -> list[float]:
    timings = []
    for sitting_id in ids:
        started = time.perf_counter()
        with database.transaction() as session:
            complete_session(session, sitting_id, actor="bench", actor_user_id=None, now=NOW)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(backend: str, database: Database, timings: list[float], prepared: float) -> None:
    with database.transaction() as session:
        flags = session.scalar(select(func.count()).select_from(Flag)) or 0
        urgent = session.scalar(select(func.count()).select_from(Flag).where(Flag.priority == "urgent")) or 0
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94]
    print(f"{backend}: {len(timings):,} completions (prepared in {prepared:.1f} s; {flags:,} flags, {urgent:,} urgent)")
    print(
        f"  median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   max {max(timings):6.1f} ms   "
        f"mean {statistics.fmean(timings):6.1f} ms   {'OK' if p95 < 100 else 'OVER'} (target p95 < 100 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--completions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="bench-completion-") as temp:
        for backend in backends(args.backends):
            with throwaway_database(backend, Path(temp), args.postgres) as database:
                started = time.perf_counter()
                ids = prepare(database, args.completions, args.seed)
                prepared = time.perf_counter() - started
                report(backend, database, timed_completions(database, ids), prepared)


if __name__ == "__main__":
    main()
