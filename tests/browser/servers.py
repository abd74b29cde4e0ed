"""Starting app servers for the browser tests: demo data seeded once, any number of Streamlit
processes on one database, each on a free port, each stopped when the block ends.

Two servers on one PostgreSQL is how a hospital runs the app behind a load balancer
(issue 14): everything one server writes, the other must see, and the work both do at
page load (the escalation clock, the uptake summary refresh) must happen once.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def seed_demo(database_url: str) -> None:
    """Migrate and load the demo service (seed 7), as `make demo` does."""
    prepared = subprocess.run(
        [sys.executable, "-m", "screening", "init-db", "--demo", "--seed", "7"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert prepared.returncode == 0, f"init-db failed: {prepared.stderr}"


@contextmanager
def streamlit_servers(database_url: str, folder: Path, count: int) -> Iterator[list[str]]:
    """`count` Streamlit processes on one database; their base URLs."""
    with ExitStack() as stack:
        yield [stack.enter_context(_server(database_url, folder / f"server-{n}")) for n in range(count)]


@contextmanager
def _server(database_url: str, folder: Path) -> Iterator[str]:
    folder.mkdir(parents=True, exist_ok=True)
    no_secrets = folder / "secrets.toml"
    no_secrets.write_text("")  # a developer's own .streamlit/secrets.toml never changes the test
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--secrets.files", str(no_secrets)],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL, stderr=(folder / "server.log").open("w"),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in time")
