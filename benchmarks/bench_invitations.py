"""Benchmark of sending invitations (issue 17: "report send throughput for 10,000 invitations"). Not a test.

    .venv/bin/python benchmarks/bench_invitations.py [--invitations 10000] [--routes outbox,notify]
        [--batch-sizes 100] [--backends sqlite,postgresql]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each backend, route and batch size: a fresh demo database (a SQLite file named
*-demo.db, or a PostgreSQL database *_demo made and dropped; the demo marker written, as
the outbox is allowed invitations only in the demo), with N booked appointments two days
ahead at ten inviting clinics, each patient with a mobile. Then one `send_due_invitations`
run at 09:00 on the invitation day, timed from the call to its return: reading what is
due, claiming in batches (committed), a new link per message, sending, and recording each
outcome with its audit event. Routes: the outbox (each message its own short transaction,
as in the demo) and GOV.UK Notify's API served by the local fake (`tests/fake_notify.py`,
in a process of its own, checking each request's JWT and shape, over HTTP on 127.0.0.1).
Reported: messages per second, and the time the read of what is due took.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks.bench_files import nhs_numbers  # noqa: E402
from benchmarks.throwaway_databases import backends, drop_database  # noqa: E402
from models import (  # noqa: E402
    AppMeta,
    Attendance,
    Clinic,
    ClinicInvitationSetting,
    InvitationMessage,
    Patient,
    PatientContact,
    Site,
)
from screening.database.services.database import Database, open_database  # noqa: E402
from screening.notifications.rules.sending import Sender  # noqa: E402
from screening.notifications.services.notify_sender import NotifySender  # noqa: E402
from screening.notifications.services.outbox import OutboxSender  # noqa: E402
from screening.remote.services.invitation_plan import invitation_plan  # noqa: E402
from screening.remote.services.invitations import send_due_invitations  # noqa: E402

LONDON = ZoneInfo("Europe/London")
APPOINTMENT = datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # the invitation's morning
LINK_BASE = "https://screen.example.nhs.uk"
CLINICS = 10
FAKE = (
    "import sys, time\n"
    "from tests.fake_notify import fake_notify\n"
    "with fake_notify() as notify:\n"
    "    print(notify.url, flush=True)\n"
    "    sys.stdin.read()\n"
)


@contextmanager
def demo_database(backend: str, folder: Path, server: str) -> Iterator[Database]:
    """A fresh database named as the demo, migrated and marked; dropped afterwards (PostgreSQL)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = None
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'bench-invitations-{uuid.uuid4().hex[:6]}-demo.db'}"
    else:
        name = f"mb_bench_{uuid.uuid4().hex[:8]}_demo"
        admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
    database = open_database(url)
    try:
        yield database
    finally:
        database.dispose()
        if name is not None:
            drop_database(server, name)


def prepare(database: Database, count: int) -> None:
    """N booked appointments two days ahead at ten inviting clinics, each patient with a mobile."""
    numbers = nhs_numbers(count)
    with database.transaction() as session:
        session.add(AppMeta(key="demo_data", value="true"))
        site = Site(code="BENCH", name="Bench site")
        session.add(site)
        session.flush()
        clinics = [Clinic(site_id=site.id, code=f"BENCH-{n}", name=f"Sickle cell clinic {n}",
                          specialty="haemoglobinopathy") for n in range(CLINICS)]  # fmt: skip
        session.add_all(clinics)
        session.flush()
        session.add_all(ClinicInvitationSetting(clinic_id=c.id, invite_days_before=2, reminder_days_before=1)
                        for c in clinics)  # fmt: skip
        clinic_ids = [c.id for c in clinics]
    for start in range(0, count, 2000):
        chunk = range(start, min(start + 2000, count))
        with database.transaction() as session:
            ids = session.scalars(insert(Patient).returning(Patient.id, sort_by_parameter_order=True), [
                dict(nhs_number=numbers[n], family_name="Bench", given_name=f"P{n}", date_of_birth=date(1980, 1, 1),
                     gender_code="2", ethnic_category="N") for n in chunk]).all()  # fmt: skip
            session.execute(insert(PatientContact), [dict(patient_id=p, mobile=f"07700{900000 + n % 1000:06d}",
                                                          no_contact=False) for n, p in zip(chunk, ids, strict=True)])  # fmt: skip
            session.execute(insert(Attendance), [
                dict(patient_id=p, clinic_id=clinic_ids[n % CLINICS], appointment_at=APPOINTMENT, status="attended",
                     source_ref=f"BENCH-{n}") for n, p in zip(chunk, ids, strict=True)])  # fmt: skip


@contextmanager
def fake_notify_process() -> Iterator[str]:
    with fake_server_process(FAKE) as url:
        yield url


@contextmanager
def fake_server_process(script: str) -> Iterator[str]:
    """A test fake server (`script` prints its URL, then serves until stdin closes) in a process of its own."""
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def sender_for(route: str, database: Database, notify_url: str | None) -> Sender:
    if route == "outbox":
        return OutboxSender(database.sessions)
    from tests.fake_notify import (
        API_KEY,
        EMAIL_TEMPLATE,
        INVITATION_EMAIL_TEMPLATE,
        INVITATION_SMS_TEMPLATE,
        SMS_TEMPLATE,
    )

    return NotifySender(API_KEY, sms_template=SMS_TEMPLATE, email_template=EMAIL_TEMPLATE, base_url=str(notify_url),
                        timeout=10, invitation_sms_template=INVITATION_SMS_TEMPLATE,
                        invitation_email_template=INVITATION_EMAIL_TEMPLATE)  # fmt: skip


def one(backend: str, route: str, batch_size: int, count: int, folder: Path, server: str,
        notify_url: str | None) -> None:  # fmt: skip
    with demo_database(backend, folder, server) as database:
        started = time.perf_counter()
        prepare(database, count)
        prepared = time.perf_counter() - started
        with database.transaction() as session:
            reading = time.perf_counter()
            due = len(invitation_plan(session, now=NOW).due)
            read = time.perf_counter() - reading
        sender = sender_for(route, database, notify_url)
        started = time.perf_counter()
        run = send_due_invitations(database, sender, now=NOW, link_base=LINK_BASE, batch_size=batch_size)
        elapsed = time.perf_counter() - started
        with database.transaction() as session:
            stored = session.scalar(select(func.count()).select_from(InvitationMessage)) or 0
        ok = run.sent == count == stored == due and run.failed == 0
        print(f"{backend:<10} {route:<7} batch {batch_size:>4}: {run.sent:,} sent in {elapsed:6.1f} s = "
              f"{run.sent / elapsed:7.0f} messages/s   (read of what is due {read * 1000:.0f} ms; "
              f"prepared in {prepared:.1f} s){'' if ok else '  CHECK: ' + str(run)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--invitations", type=int, default=10_000)
    parser.add_argument("--routes", default="outbox,notify")
    parser.add_argument("--batch-sizes", default="100")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    routes = backends(args.routes)
    print(f"Invitations benchmark: {args.invitations:,} due invitations; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-invitations-") as temp, fake_notify_process() as notify_url:
        for backend in backends(args.backends):
            for route in routes:
                for batch_size in (int(b) for b in backends(args.batch_sizes)):
                    one(backend, route, batch_size, args.invitations, Path(temp), args.postgres, notify_url)
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
