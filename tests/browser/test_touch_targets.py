"""Touch targets on a portrait iPad (810x1080): every button a patient taps is at least
44x44 px (ours; WCAG 2.5.8 asks 24), and no table toolbar lies over a button, so a tap in
the middle of "Open patient" opens the patient (issue 16). Also axe-core on the screens no
other journey passes: the equity dashboard and the administrator's pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.tablet import answer_all, hand_back, open_first_patient

WAIT = 30_000
SMALLEST = 44
ADMIN_PAGES = {"admin_users": "Users", "admin_sites": "Sites and clinics", "admin_imports": "Imports",
               "admin_audit": "Audit log", "admin_exports": "Exports", "admin_fhir": "EPR deliveries"}  # fmt: skip


@pytest.fixture
def ipad(playwright: Playwright, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**playwright.devices["iPad (gen 7)"])
    yield context.new_page()
    context.close()


def button_sizes(page: Page) -> dict[str, tuple[float, float]]:
    """Width and height of every visible button in the page, by its words (or its label)."""
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=WAIT)
    page.wait_for_timeout(300)
    sizes: dict[str, tuple[float, float]] = {}
    for button in page.locator('button, [data-testid="stCheckbox"] label').all():  # the high contrast switch too
        if button.is_visible() and (box := button.bounding_box()):
            name = button.inner_text().strip() or button.get_attribute("aria-label") or "?"
            sizes[name] = (round(box["width"], 1), round(box["height"], 1))
    return sizes


def too_small(sizes: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    return {name: size for name, size in sizes.items() if min(size) < SMALLEST}


def test_every_button_a_patient_taps_on_a_portrait_ipad_is_at_least_44_px_square(
    ipad: Page, app_url: str, screenshot_dir: Path
) -> None:
    assert ipad.viewport_size == {"width": 810, "height": 1080}
    sign_in(ipad, app_url, "demo.staff")
    open_first_patient(ipad)
    hand_over = ipad.get_by_role("button", name="Hand over to the patient")
    box = hand_over.bounding_box()  # above the Vital 5 form: on screen without scrolling
    assert box is not None and box["y"] + box["height"] <= 1080 and ipad.evaluate("window.scrollY") == 0, box
    hand_over.click()
    expect(ipad.get_by_role("heading", name="Welcome")).to_be_visible(timeout=WAIT)
    measured = {"welcome": button_sizes(ipad)}
    ipad.get_by_role("button", name="Start").click()
    expect(ipad.get_by_role("button", name="Start", exact=True)).to_have_count(0, timeout=WAIT)
    measured["question"] = button_sizes(ipad)
    ipad.screenshot(path=str(screenshot_dir / "targets-question-810x1080.png"))
    answer_all(ipad)
    measured["finish"] = button_sizes(ipad)
    ipad.get_by_role("button", name="Finish").tap()
    expect(ipad.get_by_role("heading", name="Thank you")).to_be_visible(timeout=WAIT)
    measured["thank you"] = button_sizes(ipad)
    for screen in measured.values():  # the text size buttons and every answer are there to be measured
        assert {"A", "A+", "A++", "High contrast"} <= set(screen)
    assert "Not at all" in measured["question"] and "Finish" in measured["finish"]
    assert not {screen: small for screen, sizes in measured.items() if (small := too_small(sizes))}, measured
    hand_back(ipad)


def test_a_tap_in_the_middle_of_open_patient_opens_the_patient_after_the_table_was_touched(
    ipad: Page, app_url: str, screenshot_dir: Path
) -> None:
    sign_in(ipad, app_url, "demo.psychologist")
    ipad.get_by_role("link", name="Flag queue").first.click()
    button = ipad.get_by_role("button", name="Open patient")
    expect(button).to_be_visible(timeout=WAIT)
    ipad.get_by_test_id("stDataFrame").tap()  # on a touch screen the table's toolbar now stays shown
    ipad.wait_for_timeout(500)
    box = button.bounding_box()
    assert box and box["height"] >= SMALLEST, box
    for across in (0.5, 0.75, 0.9):  # the toolbar used to cover the right half
        on_top = ipad.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y)?.closest('button')?.innerText.includes('Open patient')",
            [box["x"] + box["width"] * across, box["y"] + box["height"] / 2],
        )
        assert on_top, f"something lies over 'Open patient' at {across:.0%} of its width"
    ipad.screenshot(path=str(screenshot_dir / "targets-flag-queue-810x1080.png"))
    ipad.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(ipad.get_by_role("heading", name="Scores over time")).to_be_visible(timeout=WAIT)


def test_the_equity_dashboard_and_the_administrators_pages_pass_axe(page: Page, app_url: str) -> None:
    sign_in(page, app_url, "demo.admin")
    page.get_by_role("link", name="Equity").first.click()
    expect(page.get_by_role("heading", name="The screening cascade")).to_be_visible(timeout=60_000)
    expect(page.locator(".vega-embed")).to_have_count(4, timeout=60_000)
    assert_accessible(page, "equity dashboard")
    for path, name in ADMIN_PAGES.items():  # by address: at 1024 px the menu folds the last pages away
        page.goto(f"{app_url}/{path}")
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=WAIT)
        assert_accessible(page, f"admin: {name}")
