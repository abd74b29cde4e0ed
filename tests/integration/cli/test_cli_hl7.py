"""`python -m screening listen-hl7`: a real process, a real socket, Ctrl-C (issue 18)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from screening.imports.rules.hl7_acks import frame, frames

ROOT = Path(__file__).resolve().parents[3]
NHS = "9434765919"
UNKNOWN_CLINIC = (
    "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260301120000||SIU^S12^SIU_S12|MSG1|P|2.5.1\r"
    "SCH|PLC1|PAS-0001|||||||||^^^202603020930\r"
    f"PID|1||{NHS}^^^NHS^NH||Okafor^Ada||19900517|F\r"
    "AIL|1||NOPE^^^GUY\r"
)


def test_the_listener_answers_logs_one_line_per_message_and_stops_on_ctrl_c(db_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": db_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "screening", "listen-hl7", "--port", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", banner)[1])  # type: ignore[index]
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(frame("not HL7") + frame(UNKNOWN_CLINIC))
            buffer, acks = b"", []
            while len(acks) < 2:
                received = connection.recv(65536)
                assert received
                found, buffer = frames(buffer + received)
                acks += found
        assert [a.decode().split("\r")[1].split("|")[1] for a in acks] == ["AR", "AE"]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err
    assert "? (no control id) AR" in err and "SIU^S12 MSG1 AE" in err
    assert NHS not in err and "Okafor" not in err and "1990" not in err


def test_a_port_already_in_use_is_refused_in_one_line(db_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "screening", "listen-hl7", "--port", str(port)],
            cwd=ROOT, env={**os.environ, "DATABASE_URL": db_url}, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "choose another --port" in done.stderr
