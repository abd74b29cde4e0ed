"""`python -m screening send-invitations`: counts, a dry run, clear refusals, and racing servers (issue 17)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from screening.cli.group import main
from tests.fake_notify import (
    API_KEY,
    EMAIL_TEMPLATE,
    INVITATION_EMAIL_TEMPLATE,
    INVITATION_SMS_TEMPLATE,
    SMS_TEMPLATE,
    fake_notify,
)
from tests.invitation_records import INVITE_MORNING, LINK_BASE, booked, inviting_clinic, messages

ROOT = Path(__file__).resolve().parents[3]
NOW = INVITE_MORNING.isoformat()
NOTIFY = {"SCREENING_NOTIFY_API_KEY": API_KEY, "SCREENING_NOTIFY_SMS_TEMPLATE": SMS_TEMPLATE,
          "SCREENING_NOTIFY_EMAIL_TEMPLATE": EMAIL_TEMPLATE,
          "SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE": INVITATION_SMS_TEMPLATE,
          "SCREENING_NOTIFY_INVITATION_EMAIL_TEMPLATE": INVITATION_EMAIL_TEMPLATE}  # fmt: skip
UNSET = {name: None for name in (*NOTIFY, "SCREENING_NOTIFY_BASE_URL", "SCREENING_REMOTE_URL")}


@pytest.fixture
def three_due(db_session: Session) -> None:
    clinic = inviting_clinic(db_session)
    for _ in range(3):
        booked(db_session, clinic)
    db_session.commit()


def cli(args: list[str], url: str, env: dict[str, str | None]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env={**UNSET, "DATABASE_URL": url, **env})
    return result.exit_code, result.stdout, result.stderr


def test_send_invitations_has_help() -> None:
    result = CliRunner().invoke(main, ["send-invitations", "--help"])
    assert result.exit_code == 0 and "--dry-run" in result.stdout


def test_a_dry_run_says_how_many_would_go_and_sends_nothing(db_url: str, db_session: Session, three_due: None) -> None:
    code, out, _ = cli(["send-invitations", "--dry-run", "--now", NOW], db_url, {})
    assert code == 0
    assert out.startswith("Dry run: 3 messages would go now (3 invitation by sms)")
    assert messages(db_session) == []


def test_a_run_sends_through_notify_prints_counts_and_a_second_run_sends_nothing(
    db_url: str, db_session: Session, three_due: None
) -> None:
    with fake_notify() as notify:
        env = {**NOTIFY, "SCREENING_NOTIFY_BASE_URL": notify.url, "SCREENING_REMOTE_URL": LINK_BASE}
        code, out, err = cli(["send-invitations", "--now", NOW], db_url, env)
        again = cli(["send-invitations", "--now", NOW], db_url, env)
    assert code == 0, err
    assert out.startswith("Invitations: 3 due; 3 claimed, 3 sent, 0 failed") and "Sent through: notify." in out
    assert "?link=" not in out and "07700" not in out
    assert again[0] == 0 and again[1].startswith("Invitations: 0 due")
    assert len(notify.received) == 3 and len(messages(db_session)) == 3


def test_outside_the_demo_without_notify_the_command_refuses_naming_the_settings(
    db_url: str, db_session: Session, three_due: None
) -> None:
    code, _, err = cli(["send-invitations", "--now", NOW], db_url, {"SCREENING_REMOTE_URL": LINK_BASE})
    assert code == 1
    assert err.startswith("Error: Invitations carry a link") and "SCREENING_NOTIFY_API_KEY" in err
    assert messages(db_session) == []


def test_without_the_remote_address_the_command_refuses_naming_it(db_url: str, three_due: None) -> None:
    code, _, err = cli(["send-invitations", "--now", NOW], db_url, {**NOTIFY, "SCREENING_NOTIFY_BASE_URL": "http://x"})
    assert code == 1 and "SCREENING_REMOTE_URL must be set" in err


WAIT_THEN_RUN = (
    "import sys, time, pathlib\n"
    "from screening.cli.group import main\n"
    "go = pathlib.Path(sys.argv[1])\n"
    "while not go.exists(): time.sleep(0.005)\n"
    "main(['send-invitations', '--now', sys.argv[2], '--batch-size', '2'])\n"
)


def test_several_servers_running_it_at_once_send_each_invitation_once(
    db_url: str, db_session: Session, tmp_path: Path
) -> None:
    clinic = inviting_clinic(db_session)
    for _ in range(9):
        booked(db_session, clinic)
    db_session.commit()
    go = tmp_path / "go"
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SCREENING_NOTIFY_", "SCREENING_REMOTE"))}
    with fake_notify() as notify:
        env = {**inherited, **NOTIFY, "DATABASE_URL": db_url, "SCREENING_NOTIFY_BASE_URL": notify.url,
               "SCREENING_REMOTE_URL": LINK_BASE}  # fmt: skip
        runs = [subprocess.Popen([sys.executable, "-c", WAIT_THEN_RUN, str(go), NOW], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]  # fmt: skip
        time.sleep(3)  # every process imports the app and waits at the start line
        go.touch()
        results = [process.communicate(timeout=90) for process in runs]
    assert [process.returncode for process in runs] == [0, 0, 0], [err for _, err in results]
    assert len(notify.received) == 9 and notify.refused == []
    assert len({m["personalisation"]["link"] for m in notify.received}) == 9
    assert len({m["phone_number"] + m["reference"] for m in notify.received}) == 9
    rows = messages(db_session)
    assert len(rows) == 9 and {r.status for r in rows} == {"created"}
    assert sum(int(out.split(" sent,")[0].rsplit(" ", 1)[1]) for out, _ in results) == 9
