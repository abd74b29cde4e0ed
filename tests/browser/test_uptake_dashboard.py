"""The uptake dashboard in a real browser: a service manager reads it and downloads a chart."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from models import AuditEvent
from models.database import make_engine, make_sessionmaker
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in


def test_a_service_manager_reads_the_uptake_dashboard_and_downloads_an_audited_png(
    page: Page, app_url: str, app_database: str, screenshot_dir: Path
) -> None:
    sign_in(page, app_url, "demo.manager")
    page.get_by_role("link", name="Uptake").click()
    expect(page.get_by_role("heading", name="Screening uptake")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Flags closed within target")).to_be_visible(timeout=60_000)
    expect(page.locator(".vega-embed")).to_have_count(3, timeout=60_000)  # every chart drawn
    page.wait_for_timeout(1500)  # let the charts finish painting before the picture
    page.screenshot(path=str(screenshot_dir / "uptake-1024x768.png"))
    heading = page.get_by_role("heading", name="Uptake over time")
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")  # the SPC chart fills the view
    page.wait_for_timeout(800)
    page.screenshot(path=str(screenshot_dir / "uptake-spc-1024x768.png"))
    assert "Traceback" not in page.content()
    assert_accessible(page, "uptake dashboard", screenshot_dir / "a11y-uptake")

    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name="Chart (PNG)").first.click()
    download = started.value
    assert download.suggested_filename.startswith("uptake-over-time-") and download.suggested_filename.endswith(".png")
    assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    engine = make_engine(app_database)
    with make_sessionmaker(engine)() as db:
        exported = db.scalars(select(AuditEvent).where(AuditEvent.action == "analytics.exported")).all()
    engine.dispose()
    assert [(e.actor, e.entity_id, e.detail["format"], e.detail["mode"]) for e in exported] == [
        ("demo.manager", "uptake-over-time", "png", "suppressed")
    ]
