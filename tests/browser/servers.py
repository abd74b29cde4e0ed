"""Starting app servers for the browser tests: demo data seeded once, any number of Streamlit
processes on one database, each on a free port, each stopped when the block ends.

Seeding the demo service (`init-db --demo --seed 7`, two thousand patients) takes 20 to 40
seconds, so a run seeds it once per backend (`DemoSeeds`) and every server's database is
a copy: the SQLite file through SQLite's backup API, a PostgreSQL database with `CREATE
DATABASE ... TEMPLATE`. The seeded originals live in the run's shared temporary folder,
made under a lock there, so pytest-xdist workers seed once between them; the PostgreSQL
original is dropped when the run ends (`drop_demo_seeds`, called by tests/conftest.py).

Two servers on one PostgreSQL is how a hospital runs the app behind a load balancer
(issue 14): everything one server writes, the other must see, and the work both do at
page load (the escalation clock, the uptake summary refresh) must happen once.
"""

from __future__ import annotations

import fcntl
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pytest import TempPathFactory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.databases import BACKENDS, Templates

ROOT = Path(__file__).resolve().parents[2]
SEEDS = "demo-seeds"  # the folder in the run's shared temporary folder
POSTGRES_SEED = "postgresql.url"  # the seeded PostgreSQL database's URL, in that folder


def seed_demo(database_url: str) -> None:
    """Migrate and load the demo service (seed 7), as `make demo` does."""
    prepared = subprocess.run(
        [sys.executable, "-m", "screening", "init-db", "--demo", "--seed", "7"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert prepared.returncode == 0, f"init-db failed: {prepared.stderr}"


class DemoSeeds:
    """Copies of the demo service, seeded once per run and backend (see the module docstring)."""

    def __init__(self, shared: Path, templates: Templates) -> None:
        self.folder = shared / SEEDS
        self.folder.mkdir(exist_ok=True)
        self.templates = templates

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with (self.folder / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def sqlite_copy(self, target: Path) -> str:
        """A SQLite file at `target` (named as the demo: demo.db) holding the demo service."""
        original = self.folder / "demo.db"
        with self._locked():
            if not (self.folder / "demo.db.done").exists():
                original.unlink(missing_ok=True)
                seed_demo(f"sqlite:///{original}")
                (self.folder / "demo.db.done").touch()
        source, copy = sqlite3.connect(original), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        return f"sqlite:///{target}"

    def postgres_original(self) -> str:
        """The URL of the run's seeded PostgreSQL database (copy it; never serve it)."""
        with self._locked():
            noted = self.folder / POSTGRES_SEED
            if not noted.exists():
                url, _ = self.templates.postgres_clone(suffix="_demo")
                seed_demo(url)
                # The copies are the servers' own; no test reaches them as the test app role.
                engine = create_engine(url)
                with engine.begin() as connection:
                    connection.execute(text(f'DROP OWNED BY "{self.templates.app_role}"'))
                engine.dispose()
                noted.write_text(url)
            return noted.read_text()

    def postgres_copy(self) -> tuple[str, str]:
        """(URL, name) of a fresh PostgreSQL database (named as the demo) holding the demo service."""
        original = make_url(self.postgres_original()).database
        return self.templates.postgres_clone(suffix="_demo", source=original)


@contextmanager
def demo_copy(tmp_path_factory: TempPathFactory, demo_seeds: DemoSeeds, database_templates: Templates,
              folder: str) -> Iterator[str]:  # fmt: skip
    """A copy of the demo service on SQLite, unless the run is PostgreSQL-only (CI's second run):
    then on a fresh PostgreSQL database, dropped at the end."""
    if "sqlite" in BACKENDS or not BACKENDS:
        yield demo_seeds.sqlite_copy(tmp_path_factory.mktemp(folder) / "demo.db")
        return
    url, name = demo_seeds.postgres_copy()
    try:
        yield url
    finally:
        database_templates.drop_postgres(name)


def drop_demo_seeds(shared: Path) -> None:
    """Drop the run's seeded PostgreSQL original, if one was made (at the end of the run)."""
    noted = shared / SEEDS / POSTGRES_SEED
    if not noted.exists():
        return
    url = make_url(noted.read_text())
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()
    noted.unlink()


@contextmanager
def streamlit_servers(database_url: str, folder: Path, count: int) -> Iterator[list[str]]:
    """`count` Streamlit processes on one database; their base URLs."""
    with ExitStack() as stack:
        yield [stack.enter_context(_server(database_url, folder / f"server-{n}")) for n in range(count)]


@contextmanager
def staff_server(database_url: str, folder: Path, env: dict[str, str]) -> Iterator[str]:
    """One staff app with extra environment (e.g. a FHIR server to push to); its base URL."""
    with _server(database_url, folder, env=env) as base:
        yield base


@contextmanager
def remote_and_staff_servers(database_url: str, folder: Path) -> Iterator[tuple[str, str]]:
    """The remote questionnaire (remote_app.py) and a staff app whose links point at it, on one
    database; (remote base, staff base). Each server's output is kept in its folder's server.log."""
    port = _free_port()
    remote = f"http://127.0.0.1:{port}"
    with ExitStack() as stack:
        stack.enter_context(_server(database_url, folder / "remote", script="remote_app.py", port=port))
        staff = stack.enter_context(_server(database_url, folder / "staff", env={"SCREENING_REMOTE_URL": remote}))
        yield remote, staff


@contextmanager
def _server(database_url: str, folder: Path, *, script: str = "serve.py", port: int | None = None,
            env: dict[str, str] | None = None) -> Iterator[str]:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    no_secrets = folder / "secrets.toml"
    no_secrets.write_text("")  # a developer's own .streamlit/secrets.toml never changes the test
    port = port or _free_port()
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--secrets.files", str(no_secrets)],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, **(env or {})},
        stdout=log, stderr=subprocess.STDOUT,
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
