"""Benchmark of saving one answer with the real-time risk rule (issue 13): not a test.

    .venv/bin/python benchmarks/bench_answer_saves.py [--sittings 200] [--seed 13]
        [--backends sqlite,postgresql] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

On each backend: a fresh database (a SQLite file in a temporary folder; a PostgreSQL
database it creates and drops), migrated to head, one clinic, one member of staff and N
sittings in progress. Then every PHQ-9 item of every sitting is saved one tap at a time,
each in its own transaction, exactly as the tablet's answer button does it
(`patient_screen.save_answers`): the site check, the answer row, the audit row and, for
item 9, the real-time flag rule in the same transaction (`risk_flags.item9_saved`). About
one sitting in five answers item 9 above 0 or "prefer not to answer" and so raises an
URGENT flag as it is saved; one in ten of those then changes it to 0 with Back (a note on
the flag). The clock runs from the call to the commit returning. Reported: median, 95th
percentile and maximum for every save, and for the item 9 saves alone. Target: p95 under
30 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from benchmarks.bench_files import nhs_numbers
from benchmarks.throwaway_databases import backends, throwaway_database
from models import Clinic, Flag, FlagAction, Patient, Site, User
from screening.database.services.database import Database
from screening.policy import CurrentUser
from screening.sittings.services.patient_screen import Where, save_answers
from screening.sittings.services.sittings import start_session

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TARGET_MS = 30


def prepare(database: Database, count: int) -> tuple[CurrentUser, list[int]]:
    """One clinic, one member of staff at all sites, N sittings in progress."""
    numbers, ids = nhs_numbers(count), []
    with database.transaction() as session:
        site = Site(code="BENCH", name="Bench site")
        session.add(site)
        session.flush()
        clinic = Clinic(site_id=site.id, code="BENCH-1", name="Bench clinic", specialty="haemoglobinopathy")
        staff = User(username="bench.staff", display_name="Bench Staff", role="clinic_staff", all_sites=True)
        session.add_all([clinic, staff])
        session.flush()
        clinic_id, user = clinic.id, CurrentUser(staff.id, staff.username, staff.display_name, staff.role, None)
        for n in range(count):
            patient = Patient(
                nhs_number=numbers[n],
                family_name="Bench",
                given_name=f"P{n}",
                date_of_birth=datetime(1980, 1, 1).date(),
                gender_code="2",
                ethnic_category="N",
            )
            session.add(patient)
            session.flush()
            ids.append(start_session(session, patient_id=patient.id, clinic_id=clinic_id, attendance_id=None,
                                     mode="assisted", language="English", staff_user_id=staff.id,
                                     idempotency_key=f"bench-{n}", now=NOW).id)  # fmt: skip
    return user, ids


def taps(rng: random.Random) -> list[tuple[str, object]]:
    """The PHQ-9 taps of one sitting, in order, with a Back on item 9 now and then."""
    given: list[tuple[str, object]] = [(f"phq9_{i}", rng.choice((0, 0, 1, 1, 2, 3))) for i in range(1, 9)]
    item9 = rng.choice((1, 2, 3, "declined")) if rng.random() < 0.2 else 0
    given.append(("phq9_9", item9))
    if item9 != 0 and rng.random() < 0.1:
        given.append(("phq9_9", 0))  # changed with Back: the flag stays, with a note
    return [*given, ("phq9_10", 1)]


def timed_saves(database: Database, user: CurrentUser, ids: list[int], seed: int) -> tuple[list[float], list[float]]:
    rng, every, item9 = random.Random(seed), [], []
    for n, sitting_id in enumerate(ids):
        for tap, (link_id, value) in enumerate(taps(rng)):
            started = time.perf_counter()
            with database.transaction() as session:
                save_answers(session, actor=user, where=Where(sitting_id=sitting_id), instrument_id="phq9",
                             answers={link_id: value}, app_session="bench",  # type: ignore[dict-item]
                             now=NOW + timedelta(minutes=n, seconds=tap))  # fmt: skip
            elapsed = (time.perf_counter() - started) * 1000
            every.append(elapsed)
            if link_id == "phq9_9":
                item9.append(elapsed)
    return every, item9


def line(label: str, timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94]
    verdict = "OK" if p95 < TARGET_MS else "OVER"
    return (
        f"  {label:<16} {len(timings):6,} saves   median {statistics.median(timings):5.1f} ms   "
        f"p95 {p95:5.1f} ms   max {max(timings):6.1f} ms   {verdict} (target p95 < {TARGET_MS} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sittings", type=int, default=200)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="bench-saves-") as temp:
        for backend in backends(args.backends):
            with throwaway_database(backend, Path(temp), args.postgres) as database:
                user, ids = prepare(database, args.sittings)
                every, item9 = timed_saves(database, user, ids, args.seed)
                with database.transaction() as session:
                    flags = session.scalar(select(func.count()).select_from(Flag)) or 0
                    notes = (
                        session.scalar(
                            select(func.count()).select_from(FlagAction).where(FlagAction.action == "rules_updated")
                        )
                        or 0
                    )
                print(
                    f"{backend}: {args.sittings:,} sittings, {flags:,} urgent flags raised as answers were saved, "
                    f"{notes:,} kept with a note after item 9 was changed to 0"
                )
                print(line("every answer", every))
                print(line("item 9 answers", item9))


if __name__ == "__main__":
    main()
