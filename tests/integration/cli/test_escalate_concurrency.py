"""Two app servers running `python -m screening escalate` at once send one message per step.

Real OS processes, not threads: each opens its own connections, as two servers' cron or
systemd timers would. They wait on a shared start file so they act together; whichever
loses the (flag_id, step) claim sends nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.escalation_records import IN_HOURS, escalating_clinic, escalations, outbox, urgent_flag
from tests.fake_notify import API_KEY, EMAIL_TEMPLATE, SMS_TEMPLATE, fake_notify

ROOT = Path(__file__).resolve().parents[3]
PROCESSES = 3
# Each process imports the app, then waits for the start file, then runs one pass.
WAIT_THEN_RUN = (
    "import sys, time, pathlib\n"
    "from screening.cli.group import main\n"
    "go = pathlib.Path(sys.argv[1])\n"
    "while not go.exists(): time.sleep(0.005)\n"
    "main(['escalate', '--now', sys.argv[2]])\n"
)


def race_escalate(db_url: str, tmp_path: Path, extra_env: dict[str, str]) -> list[subprocess.CompletedProcess]:
    go = tmp_path / "go"
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_NOTIFY_")}
    env = {**inherited, "DATABASE_URL": db_url, **extra_env}
    now = (IN_HOURS + timedelta(minutes=31)).isoformat()
    runs = [subprocess.Popen([sys.executable, "-c", WAIT_THEN_RUN, str(go), now], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(PROCESSES)]  # fmt: skip
    time.sleep(3)  # let every process finish importing and wait at the start line
    go.touch()
    results = []
    for process in runs:
        out, err = process.communicate(timeout=60)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


@pytest.fixture
def overdue_flag(db_session: Session) -> None:
    urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS)
    db_session.commit()


def test_escalate_run_by_several_processes_at_once_puts_one_message_in_the_outbox(
    db_url: str, db_session: Session, tmp_path: Path, overdue_flag: None
) -> None:
    results = race_escalate(db_url, tmp_path, {})
    assert [r.returncode for r in results] == [0] * PROCESSES, [r.stderr for r in results]
    assert sum("1 message sent" in r.stdout for r in results) == 1
    db_session.expire_all()
    assert len(outbox(db_session)) == 1
    assert [(e.step, e.status) for e in escalations(db_session)] == [(1, "delivered")]


def test_escalate_run_by_several_processes_at_once_sends_notify_one_message(
    db_url: str, db_session: Session, tmp_path: Path, overdue_flag: None
) -> None:
    with fake_notify() as notify:
        results = race_escalate(db_url, tmp_path, {
            "SCREENING_NOTIFY_API_KEY": API_KEY, "SCREENING_NOTIFY_SMS_TEMPLATE": SMS_TEMPLATE,
            "SCREENING_NOTIFY_EMAIL_TEMPLATE": EMAIL_TEMPLATE, "SCREENING_NOTIFY_BASE_URL": notify.url})  # fmt: skip
    assert [r.returncode for r in results] == [0] * PROCESSES, [r.stderr for r in results]
    assert len(notify.received) == 1 and notify.refused == []
    assert [(e.step, e.status, e.provider) for e in escalations(db_session)] == [(1, "created", "notify")]
    assert outbox(db_session) == []
