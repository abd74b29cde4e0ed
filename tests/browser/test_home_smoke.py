"""The app loads in a real browser at tablet size: sign-in first, then the home page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in


def test_the_sign_in_page_shows_the_demo_banner_with_the_demo_sign_ins(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    page.goto(app_url)
    expect(page.get_by_label("Username")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Demo data.", exact=False)).to_be_visible()
    page.get_by_text("Demo sign-ins").click()
    expect(page.get_by_text("demo.psychologist", exact=True)).to_be_visible()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "sign-in-1024x768.png"))
    assert_accessible(page, "sign-in", screenshot_dir / "a11y-sign-in")


def test_home_page_after_sign_in_shows_the_role_guide(page: Page, app_url: str, screenshot_dir: Path) -> None:
    sign_in(page, app_url, "demo.staff")
    expect(page.get_by_text("Who sees what")).to_be_visible()
    expect(page.get_by_text("Psychologist", exact=True)).to_be_visible()
    page.wait_for_timeout(500)  # let the table finish painting before the picture
    page.screenshot(path=str(screenshot_dir / "home-1024x768.png"), full_page=False)
    assert "Traceback" not in page.content()
    assert_accessible(page, "home", screenshot_dir / "a11y-home")
