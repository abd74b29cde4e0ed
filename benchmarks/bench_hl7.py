"""Benchmark of the HL7 v2 listener (issue 18): SIU messages stored per second over MLLP. Not a test.

    .venv/bin/python benchmarks/bench_hl7.py [--messages 1000] [--backends sqlite,postgresql]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each backend: a fresh database with one site and clinic, the listener (`MllpServer`, as
`listen-hl7` runs it) on a free local port, and one TCP connection sending N SIU^S12 messages
for N new patients, each sent when the one before is acknowledged, as an interface engine
does. Timed from the first send to the last ACK; then the same N again (each "unchanged":
the idempotent path), then N SIU^S15 cancellations. Every ACK must be AA.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_files import nhs_numbers  # noqa: E402
from benchmarks.throwaway_databases import backends, drop_database, fresh_database  # noqa: E402
from screening.database.services.database import open_database  # noqa: E402
from screening.imports.rules.hl7_acks import frame, frames  # noqa: E402
from screening.imports.services.hl7_listener import MllpServer  # noqa: E402
from tests.import_files import reference_data  # noqa: E402

SIU = (
    "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260301120000||SIU^{event}^SIU_S12|{control}|P|2.5.1\r"
    "SCH|PLC{n}|PAS-{n}|||||||||^^^202612100930|||||||||||||||BOOKED\r"
    "PID|1||{nhs}^^^NHS^NH~H{n:07d}^^^GUY^MR||Bench^Patient{n}||19900517|F|||||||^English\r"
    "RGS|1\r"
    "AIL|1||GUY-HBO^^^GUY\r"
)


def send_all(address: tuple[str, int], messages: list[str]) -> float:
    started = time.perf_counter()
    with socket.create_connection(address, timeout=60) as connection:
        buffer = b""
        for message in messages:
            connection.sendall(frame(message))
            acks: list[bytes] = []
            while not acks:
                acks, buffer = frames(buffer + connection.recv(65536))
            code = acks[0].decode().split("\r")[1].split("|")[1]
            if code != "AA":
                raise SystemExit(f"not accepted: {acks[0].decode()!r}")
    return time.perf_counter() - started


def one(backend: str, count: int, folder: Path, server: str) -> None:
    url, name = fresh_database(backend, folder, server)
    database = open_database(url)
    try:
        with database.transaction() as session:
            reference_data(session)
        listener = MllpServer(("127.0.0.1", 0), database.sessions)
        threading.Thread(target=listener.serve_forever, daemon=True).start()
        address = ("127.0.0.1", int(listener.server_address[1]))
        numbers = nhs_numbers(count)
        new = [SIU.format(event="S12", control=f"A{n}", n=n, nhs=numbers[n]) for n in range(count)]
        again = [m.replace("|A", "|B", 1) for m in new]
        cancel = [SIU.format(event="S15", control=f"C{n}", n=n, nhs=numbers[n]) for n in range(count)]
        figures = [(label, send_all(address, batch)) for label, batch in
                   (("new", new), ("unchanged", again), ("cancelled", cancel))]  # fmt: skip
        listener.shutdown()
        listener.server_close()
        text = "; ".join(f"{label} {count / seconds:5.1f} msg/s ({seconds * 1000 / count:.1f} ms each)"
                         for label, seconds in figures)  # fmt: skip
        print(f"{backend:<10} {count:,} SIU messages: {text}")
    finally:
        database.dispose()
        if name is not None:
            drop_database(server, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    print(f"HL7 listener benchmark; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for backend in backends(args.backends):
        with tempfile.TemporaryDirectory(prefix="bench-hl7-") as temp:
            one(backend, args.messages, Path(temp), args.postgres)
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
