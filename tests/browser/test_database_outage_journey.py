"""PostgreSQL stops in the middle of a patient's sitting, in a real browser (issue 14).

The test owns a throwaway PostgreSQL cluster (initdb into a temporary folder, run as the
`postgres` OS user, since PostgreSQL refuses to run as root) and an app server on it with
the demo service (a dump of the run's seeded demo database: tests/browser/servers.py).
Staff hand over, the patient answers three questions, the cluster is stopped, the
patient answers every other question (the calm count on screen), the cluster is started
again, and the queue must clear by itself: every tapped answer stored exactly once, the
item 9 flag raised, the sitting completed, and staff told what happened.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from models import Answer, Flag, Handover, ScreeningSession
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.servers import ROOT, DemoSeeds, _free_port, _wait_healthy
from tests.browser.tablet import FIRST_ANSWER, ITEM9, LAST, hand_back, hand_over, open_first_patient, question
from tests.databases import BACKENDS

# The newest PostgreSQL server installed (Debian keeps each major version under its own folder).
PGBIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=Path("/missing"))
SAVED = "All your answers are saved."


@dataclass
class Cluster:
    data: Path
    port: int

    def ctl(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN / "pg_ctl"), "-D", str(self.data), *args],
                       check=True, capture_output=True, timeout=60)  # fmt: skip

    def start(self) -> None:
        sock = self.data.parent / "sock"
        self.ctl("-l", str(self.data.parent / "log"), "-w", "-o",
                 f"-p {self.port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off", "start")  # fmt: skip

    def stop(self) -> None:
        self.ctl("-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        """The demo database on this cluster (demo data goes only into a database named as the demo)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/outage_demo"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if "postgresql" not in BACKENDS:
        pytest.skip("the outage journey runs once, in the PostgreSQL pass: TEST_DATABASES leaves PostgreSQL out")
    if not (PGBIN / "initdb").exists() or shutil.which("runuser") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PGBIN / 'initdb'} or runuser is missing: CI must run the database outage journey")
        pytest.skip(f"no {PGBIN / 'initdb'} (PostgreSQL 15 server) on this machine: cannot stop a throwaway cluster")
    root = Path(tempfile.mkdtemp(prefix="outage-pg-"))
    (root / "sock").mkdir()
    shutil.chown(root, "postgres", "postgres")
    shutil.chown(root / "sock", "postgres", "postgres")
    subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN / "initdb"), "-D", str(root / "data"), "-U",
                    "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    running = Cluster(root / "data", _free_port())
    running.start()
    subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN / "psql"),
                    "-h", "127.0.0.1", "-p", str(running.port), "-d", "postgres", "-q", "-c",
                    "CREATE DATABASE outage_demo"], check=True, capture_output=True, timeout=60)  # fmt: skip
    try:
        yield running
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN / "pg_ctl"), "-D", str(running.data), "-m",
                        "immediate", "stop"], capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def server(
    cluster: Cluster, demo_seeds: DemoSeeds, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app on the throwaway cluster, with the demo service (the run's seeded demo database,
    dumped into it: seconds, where seeding again takes half a minute); its base URL and log file."""
    env = {**os.environ, "DATABASE_URL": cluster.url}
    seeded = make_url(demo_seeds.postgres_original()).set(drivername="postgresql")
    dump = subprocess.run([str(PGBIN / "pg_dump"), "--no-owner", "--no-privileges", "-d",
                           seeded.render_as_string(hide_password=False)],
                          capture_output=True, check=True, timeout=300)  # fmt: skip
    subprocess.run([str(PGBIN / "psql"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d",
                    "outage_demo", "-q", "-v", "ON_ERROR_STOP=1"], input=dump.stdout,
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    folder = tmp_path_factory.mktemp("outage")
    (folder / "secrets.toml").write_text("")
    log = folder / "server.log"
    port = _free_port()
    with log.open("w") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true", "--server.port",
             str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--secrets.files", str(folder / "secrets.toml")],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, app)
            yield base, log
        finally:
            app.terminate()
            app.wait(timeout=20)


def tap_through(page: Page, *, count: int | None = None, item9: str = "Not at all") -> list[str]:
    """Tap the first answer (item 9: `item9`) of each question; the labels tapped."""
    tapped: list[str] = []
    while (text := question(page)) != LAST and (count is None or len(tapped) < count):
        label = item9 if text == ITEM9 else FIRST_ANSWER[text]
        answer = page.get_by_role("button", name=label, exact=True)
        expect(answer).to_have_count(1, timeout=30_000)
        answer.click()
        expect(page.locator("[class*='_questionnaire'] h3").first).not_to_have_text(text, timeout=30_000)
        tapped.append(label)
    return tapped


def shoot(page: Page, folder: Path, name: str) -> None:
    """The screen at 1024x768 and at iPad portrait (810x1080)."""
    page.wait_for_timeout(400)
    page.screenshot(path=str(folder / f"{name}-1024x768.png"))
    page.set_viewport_size({"width": 810, "height": 1080})
    page.wait_for_timeout(600)
    page.screenshot(path=str(folder / f"{name}-810x1080.png"))
    page.set_viewport_size({"width": 1024, "height": 768})
    page.wait_for_timeout(300)


def test_postgresql_stopped_mid_sitting_loses_no_answer_and_the_queue_clears_by_itself_when_it_is_back(
    page: Page, server: tuple[str, Path], cluster: Cluster, screenshot_dir: Path
) -> None:
    base, log = server
    sign_in(page, base, "demo.staff")
    hospital_number = open_first_patient(page)
    hand_over(page)
    tapped = tap_through(page, count=3)

    cluster.stop()
    tapped += tap_through(page, count=4)
    waiting = page.locator("[class*='st-key-pm_saving']")
    expect(waiting).to_contain_text("4 answers are waiting to be saved.", timeout=30_000)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    shoot(page, screenshot_dir, "outage-answers-waiting")
    assert_accessible(page, "patient question with answers waiting")
    tapped += tap_through(page, item9="Several days")
    queued = len(tapped) - 3
    expect(waiting).to_contain_text(f"{queued} answers are waiting to be saved.", timeout=30_000)
    expect(page.get_by_role("button", name="Finish")).to_be_disabled()
    expect(page.get_by_text("NHS 111 and choose option 2", exact=False)).to_be_visible()
    shoot(page, screenshot_dir, "outage-finish-waiting")
    assert_accessible(page, "last step with answers waiting")

    cluster.start()
    back = time.monotonic()
    expect(page.get_by_text(SAVED)).to_be_visible(timeout=60_000)
    stored_after = time.monotonic() - back
    expect(page.get_by_role("button", name="Finish")).to_be_enabled(timeout=30_000)
    shoot(page, screenshot_dir, "outage-all-saved")
    assert_accessible(page, "all answers saved after the outage")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible(timeout=30_000)
    hand_back(page)
    notice = page.get_by_text("The database could not be reached at", exact=False)
    expect(notice).to_contain_text(f"{queued} answers were kept on this tablet and saved at", timeout=30_000)
    shoot(page, screenshot_dir, "outage-staff-notice")
    assert_accessible(page, "staff sitting page with the outage notice")

    engine = create_engine(cluster.url)
    with engine.connect() as db:
        sitting = db.scalar(select(Handover.screening_session_id).order_by(Handover.id.desc()).limit(1))
        rows = db.execute(select(Answer.item_id, func.count()).where(Answer.session_id == sitting)
                          .group_by(Answer.item_id)).all()  # fmt: skip
        status = db.scalar(select(ScreeningSession.status).where(ScreeningSession.id == sitting))
        flags = db.scalars(select(Flag.rule_code).where(Flag.session_id == sitting)).all()
    engine.dispose()
    assert len(rows) == len(tapped) and all(n == 1 for _, n in rows), "every tapped answer stored exactly once"
    assert status == "completed"
    assert "phq9_item9_positive" in flags
    server_log = log.read_text()
    assert "database unreachable" in server_log and hospital_number not in server_log
    print(f"\nOUTAGE FIGURES: {queued} answers queued while PostgreSQL was down; stored {stored_after:.1f} s "
          f"after the restart; {len(tapped)} answers in all, {len(rows)} rows stored")  # fmt: skip
