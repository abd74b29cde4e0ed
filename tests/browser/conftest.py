"""A real Streamlit server and Debian's Chromium, driven by Playwright.

The server runs on a free port with its own demo database (a SQLite file demo.db, or a
PostgreSQL database ending in _demo) holding the demo service.
Never `playwright install`: the browser is the system's (CHROMIUM_PATH).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from models import Attendance
from models.database import make_engine, make_sessionmaker
from tests.browser.servers import DemoSeeds, demo_copy, streamlit_servers
from tests.databases import Templates, shared_temp_folder

LONDON = ZoneInfo("Europe/London")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1024, "height": 768}}


@pytest.fixture(scope="session")
def demo_seeds(tmp_path_factory: pytest.TempPathFactory, database_templates: Templates) -> DemoSeeds:
    """The demo service seeded once for the run (tests/browser/servers.py), copied per server."""
    return DemoSeeds(shared_temp_folder(tmp_path_factory), database_templates)


@pytest.fixture(scope="session")
def app_database(tmp_path_factory: pytest.TempPathFactory, demo_seeds: DemoSeeds,
                 database_templates: Templates) -> Iterator[str]:  # fmt: skip
    """The demo service the shared server runs on (`demo_copy`)."""
    with demo_copy(tmp_path_factory, demo_seeds, database_templates, "browser") as url:
        yield url


def more_patients_today(url: str, per_clinic: int = 3) -> None:
    """Book `per_clinic` more attended patients into each of today's clinics.

    The journeys share one server, and most start a sitting for a patient not yet offered
    one today: the demo's three a clinic run out. The extra patients already attend that
    clinic; the database's own triggers queue them for the uptake summary.
    """
    engine = make_engine(url)
    today = datetime.now(LONDON).date()
    start = datetime.combine(today, dt_time(8, 0), LONDON)
    with make_sessionmaker(engine)() as db, db.begin():
        todays = db.execute(select(Attendance.clinic_id, Attendance.patient_id)
                            .where(Attendance.appointment_at >= start.astimezone(UTC))).all()  # fmt: skip
        booked = {(clinic, patient) for clinic, patient in todays}
        for clinic in sorted({clinic for clinic, _ in todays}):
            regulars = db.scalars(select(Attendance.patient_id).where(Attendance.clinic_id == clinic)
                                  .distinct().order_by(Attendance.patient_id)).all()  # fmt: skip
            fresh = [p for p in regulars if (clinic, p) not in booked][:per_clinic]
            db.add_all(Attendance(patient_id=p, clinic_id=clinic, status="attended", source_ref=f"browser-{clinic}-{p}",
                                  appointment_at=(start + timedelta(minutes=20 * n)).astimezone(UTC))
                       for n, p in enumerate(fresh))  # fmt: skip
    engine.dispose()


@pytest.fixture(scope="session")
def app_url(app_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    more_patients_today(app_database)
    with streamlit_servers(app_database, tmp_path_factory.mktemp("server"), 1) as (base,):
        yield base


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:  # this folder's tests only
            item.add_marker(pytest.mark.browser)
