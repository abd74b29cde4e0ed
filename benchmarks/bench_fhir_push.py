"""Benchmark of the FHIR push (issue 18): how fast finished sittings reach a FHIR server. Not a test.

    .venv/bin/python benchmarks/bench_fhir_push.py [--patients 2000] [--backends sqlite,postgresql]
        [--batch-size 20] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each backend: a fresh database with the demo's data (`load_demo_data`, N patients, about
two years of sittings), pushing set to start from the first day, then one `push_due` run timed
from the call to its return: queueing every finished sitting (one INSERT .. SELECT), claiming
in batches, building and validating each Bundle, POSTing it as a transaction to the local FHIR
server (`tests/fake_fhir.py`, in a process of its own, validating every Bundle against R4 with
fhir.resources, over HTTP on 127.0.0.1), and recording each outcome with its audit row.
Reported: sittings per second, the queueing time, and the median transaction size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.bench_invitations import demo_database, fake_server_process  # noqa: E402
from benchmarks.throwaway_databases import backends  # noqa: E402
from demo.data import load_demo_data  # noqa: E402
from models import FhirDelivery, utcnow  # noqa: E402
from screening.exports.rules.fhir_push import Answer  # noqa: E402
from screening.exports.rules.fhir_questionnaires import DEFAULT_CANONICAL_BASE  # noqa: E402
from screening.exports.services.fhir_client import HttpFhirPoster  # noqa: E402
from screening.exports.services.fhir_push import push_due, queue_new, set_push_since  # noqa: E402

FAKE = (
    "import sys\n"
    "from tests.fake_fhir import fake_fhir\n"
    "with fake_fhir(token=None) as fhir:\n"
    "    print(fhir.url, flush=True)\n"
    "    sys.stdin.read()\n"
)


class MeasuringPoster(HttpFhirPoster):
    sizes: list[int]

    def post_transaction(self, bundle_json: str) -> Answer:
        self.sizes.append(len(bundle_json.encode()))
        return super().post_transaction(bundle_json)


def one(backend: str, patients: int, batch_size: int, folder: Path, server: str, fhir_url: str) -> None:
    with demo_database(backend, folder, server) as database:  # the demo loader fills only a demo database
        with database.transaction() as session:
            load_demo_data(session, patients=patients)
        with database.transaction() as session:
            set_push_since(session, date(2000, 1, 1), actor="benchmark")
        queueing = time.perf_counter()
        with database.transaction() as session:
            queued = queue_new(session, now=utcnow())
        queued_in = time.perf_counter() - queueing
        poster = MeasuringPoster(fhir_url)
        poster.sizes = []
        started = time.perf_counter()
        run = push_due(database, poster, base=DEFAULT_CANONICAL_BASE, batch_size=batch_size)
        elapsed = time.perf_counter() - started
        with database.transaction() as session:
            delivered = session.scalar(select(func.count()).where(FhirDelivery.status == "delivered")) or 0
        ok = run.delivered == queued == delivered and run.failed == run.retrying == 0
        size = statistics.median(poster.sizes) / 1024 if poster.sizes else 0
        print(f"{backend:<10} batch {batch_size:>3}: {run.delivered:,} sittings delivered in {elapsed:6.1f} s = "
              f"{run.delivered / elapsed:6.1f} sittings/s   (queueing {queued:,} took {queued_in * 1000:.0f} ms; "
              f"median transaction {size:.1f} KiB){'' if ok else '  CHECK: ' + str(run)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    print(f"FHIR push benchmark: demo data for {args.patients:,} patients; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")  # fmt: skip
    with fake_server_process(FAKE) as fhir_url:
        for backend in backends(args.backends):
            with tempfile.TemporaryDirectory(prefix="bench-fhir-push-") as temp:
                one(backend, args.patients, args.batch_size, Path(temp), args.postgres, fhir_url)
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
