"""Benchmark of the audit log's hash chain (issue 14): the cost per audited action. Not a test.

    .venv/bin/python benchmarks/bench_audit_chain.py [--actions 500]
        [--backends sqlite,postgresql] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

On each backend, a fresh database migrated to head; then N audited actions, each its own
transaction as a user action is (`record_event`, then commit), timed from the call to the
commit returning: chained as the app does it (lock the chain head, next id, hash, move
the head on) in one database, alternating with the same action with the chain hook taken
off (a fixed hash) in a second, so the difference is what the chain costs whatever else
the machine is doing. Then `verify-audit`'s walk over all the rows. Reported: median
and 95th percentile per action, and the walk's time per 1,000 rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event

from benchmarks.throwaway_databases import backends, throwaway_database
from models import AuditEvent
from models.audit import _chain_the_row
from screening.audit.services.audit import record_event
from screening.audit.services.audit_integrity import check_audit_chain
from screening.database.services.database import Database


def one_action(database: Database, n: int, chained: bool) -> float:
    start = time.perf_counter()
    with database.transaction() as session:
        row = record_event(session, actor="bench", actor_user_id=None, action="session.completed",
                           entity_type="screening_session", entity_id=n, detail={"flags": n % 3})  # fmt: skip
        if not chained:
            row.row_hash = "0" * 64
    return (time.perf_counter() - start) * 1000


def interleaved(chained_db: Database, plain_db: Database, count: int) -> tuple[list[float], list[float]]:
    """Alternate one chained and one unchained action, so the machine's load falls on both alike."""
    chained, plain = [], []
    for n in range(count):
        chained.append(one_action(chained_db, n, chained=True))
        event.remove(AuditEvent, "before_insert", _chain_the_row)
        try:
            plain.append(one_action(plain_db, n, chained=False))
        finally:
            event.listen(AuditEvent, "before_insert", _chain_the_row)
    return chained, plain


def summary(ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1]
    return f"median {statistics.median(ms):6.2f} ms  p95 {p95:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as temp:
        for backend in backends(args.backends):
            with throwaway_database(backend, Path(temp), args.postgres) as database:
                (Path(temp) / "plain").mkdir(exist_ok=True)
                with throwaway_database(backend, Path(temp) / "plain", args.postgres) as plain:
                    interleaved(database, plain, 20)  # warm the pools and the statement caches
                    chained, unchained = interleaved(database, plain, args.actions)
                start = time.perf_counter()
                with database.transaction() as session:
                    report = check_audit_chain(session)
                walk = (time.perf_counter() - start) * 1000
            cost = statistics.median(chained) - statistics.median(unchained)
            print(f"{backend:<10} chained    {summary(chained)}")
            print(f"{backend:<10} no chain   {summary(unchained)}")
            print(
                f"{backend:<10} chain cost {cost:+.2f} ms per audited action (median); verify-audit "
                f"{walk / report.rows * 1000:.0f} ms per 1,000 rows ({report.rows} rows, intact={report.intact})"
            )


if __name__ == "__main__":
    main()
