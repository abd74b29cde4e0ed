"""An administrator finds a sitting that did not reach the EPR, resends it, and sees it delivered (issue 18),
in a real browser: the EPR deliveries page lists the failed deliveries first with their reason; the
administrator ticks one row in the table and presses "Resend selected"; `push-fhir`'s next run
delivers it to the FHIR server (the local one in `tests/fake_fhir.py`); the page then shows one
failed fewer. axe-core checks the page (WCAG 2.2 AA) at 1024x768 and iPad portrait; screenshots
land in test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from models import FhirDelivery, ScreeningSession
from models.database import make_engine, make_sessionmaker
from screening.database.services.database import Database
from screening.exports.rules.fhir_questionnaires import DEFAULT_CANONICAL_BASE
from screening.exports.services.fhir_client import HttpFhirPoster
from screening.exports.services.fhir_push import push_due
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.servers import DemoSeeds, demo_copy, staff_server
from tests.databases import Templates
from tests.fake_fhir import TOKEN, FakeFhir, fake_fhir

WAIT = 30_000
IPAD = {"width": 810, "height": 1080}


@pytest.fixture(scope="module")
def fhir() -> Iterator[FakeFhir]:
    with fake_fhir() as server:
        yield server


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, demo_seeds: DemoSeeds,
             database_templates: Templates) -> Iterator[str]:  # fmt: skip
    """A copy of the demo service with three failed deliveries and one waiting for a retry."""
    with demo_copy(tmp_path_factory, demo_seeds, database_templates, "epr") as url:
        engine = make_engine(url)
        with make_sessionmaker(engine)() as db:
            sittings = db.scalars(select(ScreeningSession.id).where(ScreeningSession.status == "completed")
                                  .order_by(ScreeningSession.started_at.desc()).limit(4)).all()  # fmt: skip
            last = datetime.now(UTC) - timedelta(minutes=20)
            for n, sitting_id in enumerate(sittings):
                failed = n < 3
                db.add(FhirDelivery(
                    screening_session_id=sitting_id, status="failed" if failed else "waiting", attempts=1 if failed else 3,
                    last_attempt_at=last - timedelta(minutes=n), next_attempt_at=last + timedelta(hours=1),
                    last_status=401 if failed else None,
                    last_error="HTTP 401: login (error)" if failed else "no answer from the server (ConnectError)",
                ))  # fmt: skip
            db.commit()
        engine.dispose()
        yield url


@pytest.fixture(scope="module")
def staff(database: str, fhir: FakeFhir, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"SCREENING_FHIR_PUSH_URL": fhir.url, "SCREENING_FHIR_PUSH_TOKEN": TOKEN}
    with staff_server(database, tmp_path_factory.mktemp("epr-server"), env) as base:
        yield base


def open_deliveries(page: Page, base: str) -> None:
    page.goto(f"{base}/admin_fhir")
    expect(page.get_by_role("heading", name="EPR deliveries", exact=True)).to_be_visible(timeout=WAIT)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=WAIT)


def failed_count(page: Page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Failed")
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_an_administrator_resends_a_failed_delivery_and_it_reaches_the_fhir_server(
    page: Page, browser: Browser, staff: str, database: str, fhir: FakeFhir, screenshot_dir: Path
) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, staff, "demo.admin")
    open_deliveries(page, staff)
    expect(page.get_by_text(f"Sending to {fhir.url}")).to_be_visible()
    assert failed_count(page) == "3"
    expect(page.get_by_text("3 sittings did not reach the EPR")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "epr-deliveries-1024x768.png"), full_page=True)
    assert_accessible(page, "EPR deliveries")
    resend = page.get_by_role("button", name="Resend selected (0)")
    expect(resend).to_be_disabled()
    grid = page.get_by_test_id("stDataFrame")
    grid.hover()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 52)  # the first data row's selection box
    expect(page.get_by_role("button", name="Resend selected (1)")).to_be_enabled(timeout=WAIT)
    page.get_by_role("button", name="Resend selected (1)").click()
    expect(page.get_by_text("1 delivery(ies) will go on the next run.")).to_be_visible(timeout=WAIT)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=WAIT)
    assert failed_count(page) == "2"

    engine = make_engine(database)
    try:
        run = push_due(Database(url=database, engine=engine, sessions=make_sessionmaker(engine)),
                       HttpFhirPoster(fhir.url, token=TOKEN), base=DEFAULT_CANONICAL_BASE)  # fmt: skip
    finally:
        engine.dispose()
    assert run.delivered >= 1 and run.failed == 0
    assert len(fhir.transactions) >= 1
    open_deliveries(page, staff)
    assert failed_count(page) == "2"

    ipad = browser.new_page(viewport=IPAD)
    try:
        sign_in(ipad, staff, "demo.admin")
        open_deliveries(ipad, staff)
        ipad.screenshot(path=str(screenshot_dir / "epr-deliveries-810x1080.png"), full_page=True)
        assert_accessible(ipad, "EPR deliveries (iPad)")
    finally:
        ipad.close()
