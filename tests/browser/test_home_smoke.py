"""The app loads in a real browser at tablet size and shows the home page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect


def test_home_page_loads_with_the_demo_banner_and_role_guide(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Mind & Body screening")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Who sees what")).to_be_visible()
    expect(page.get_by_text("Demo data.", exact=False)).to_be_visible()
    expect(page.get_by_text("Psychologist", exact=True)).to_be_visible()
    page.wait_for_timeout(500)  # let the table finish painting before the picture
    page.screenshot(path=str(screenshot_dir / "home-1024x768.png"), full_page=False)


def test_no_error_details_reach_the_browser(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Mind & Body screening")).to_be_visible(timeout=30_000)
    assert "Traceback" not in page.content()
