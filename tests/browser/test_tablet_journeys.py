"""The tablet journeys of issue 6 in a real browser (demo data, demo clinic nurse at Guy's)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page, Playwright, expect
from sqlalchemy import create_engine, text

from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import PASSWORDS, sign_in
from tests.browser.tablet import (
    answer_all,
    hand_back,
    hand_over,
    hospital_number,
    open_first_patient,
    patient_card,
    question,
)


def completions(app_database: str) -> int:
    engine = create_engine(app_database)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM audit_events WHERE action = 'session.completed'"))
        value = count.scalar_one()
    engine.dispose()
    return value


@pytest.fixture
def ipad(playwright: Playwright, browser: Browser):
    context = browser.new_context(**playwright.devices["iPad (gen 7)"])
    yield context.new_page()
    context.close()


def test_a_patient_completes_a_full_screen_on_an_ipad_and_staff_see_the_summary(
    ipad: Page, app_url: str, screenshot_dir: Path
) -> None:
    sign_in(ipad, app_url, "demo.staff")
    open_first_patient(ipad)
    assert_accessible(ipad, "sitting page before the hand-over", screenshot_dir / "a11y-sitting")
    hand_over(ipad)
    ipad.screenshot(path=str(screenshot_dir / "ipad-question.png"))
    assert_accessible(ipad, "question on an iPad")
    assert answer_all(ipad) >= 9 + 7 + 3
    ipad.get_by_role("button", name="Finish").tap()
    expect(ipad.get_by_role("heading", name="Thank you")).to_be_visible(timeout=30_000)
    expect(ipad.get_by_text("NHS 111")).to_have_count(0)  # item 9 was "Not at all"
    for word in ("total", "minimal", "score"):
        expect(ipad.get_by_text(word, exact=False)).to_have_count(0)  # no scores for the patient
    ipad.screenshot(path=str(screenshot_dir / "ipad-thank-you.png"))
    assert_accessible(ipad, "thank-you", screenshot_dir / "a11y-thank-you")
    hand_back(ipad)
    expect(ipad.get_by_role("heading", name="Results")).to_be_visible(timeout=30_000)
    assert_accessible(ipad, "staff summary", screenshot_dir / "a11y-summary")


def finish_with_item9_above_0(page: Page, app_url: str) -> None:
    """Staff hand the tablet over; the patient answers item 9 "Several days" and finishes, and
    the safety message replaces the questionnaire (hand back only once it is drawn)."""
    sign_in(page, app_url, "demo.staff")
    open_first_patient(page)
    hand_over(page)
    answer_all(page, item9="Several days")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("NHS 111 and choose option 2")).to_be_visible(timeout=30_000)


def test_item9_above_0_shows_the_safety_message_and_the_staff_see_the_urgent_flag(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    finish_with_item9_above_0(page, app_url)
    page.screenshot(path=str(screenshot_dir / "patient-safety-message.png"))
    hand_back(page)
    expect(page.get_by_text("URGENT:", exact=False).first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "staff-summary-urgent.png"))


def test_staff_download_the_one_page_pdf_for_the_epr_and_it_is_audited(
    page: Page, app_url: str, app_database: str, screenshot_dir: Path
) -> None:
    finish_with_item9_above_0(page, app_url)
    hand_back(page)
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name="Download PDF").click()
    download = started.value
    assert download.suggested_filename.startswith("screening-summary-") and download.suggested_filename.endswith(".pdf")
    document = pdfium.PdfDocument(Path(download.path()).read_bytes())
    words = document[0].get_textpage().get_text_range()
    document[0].render(scale=150 / 72).to_pil().save(screenshot_dir / "staff-summary.pdf.png")
    assert len(document) == 1 and "URGENT: needs action today" in words and "PHQ-9 item 9" in words
    document.close()
    engine = create_engine(app_database)
    with engine.connect() as connection:
        printed = connection.execute(text("SELECT detail FROM audit_events WHERE action = 'summary.printed'"))
        details = [row[0] for row in printed]
    engine.dispose()
    assert len(details) == 1 and "pdf" in str(details[0])


def test_a_reload_half_way_resumes_at_the_first_unanswered_question(page: Page, app_url: str) -> None:
    sign_in(page, app_url, "demo.staff")
    number = open_first_patient(page)
    hand_over(page)
    answer_all(page, stop_after=3)
    fourth = question(page)
    page.reload()  # the browser session is gone, the answers are not
    # Patient mode survives the reload: never the sign-in page, only the staff check.
    expect(page.get_by_role("heading", name="Please hand the tablet to a member of staff.")).to_be_visible(
        timeout=30_000)  # fmt: skip
    page.get_by_role("textbox", name="Staff password or PIN").fill(PASSWORDS["demo.staff"])
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    open_first_patient(page, status="in progress", containing=number)
    hand_over(page)
    assert question(page) == fourth


def test_a_double_tap_on_finish_completes_the_sitting_once(page: Page, app_url: str, app_database: str) -> None:
    sign_in(page, app_url, "demo.staff")
    open_first_patient(page)
    hand_over(page)
    answer_all(page)
    before = completions(app_database)
    page.get_by_role("button", name="Finish").dblclick()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1000)
    assert completions(app_database) == before + 1


def test_staff_record_a_decline_with_a_reason_in_two_taps(page: Page, app_url: str, screenshot_dir: Path) -> None:
    sign_in(page, app_url, "demo.staff")
    card = patient_card(page)
    number = hospital_number(card)
    card.get_by_role("button", name="Decline").click()
    page.get_by_role("button", name="Does not want to").click()
    expect(page.get_by_role("button", name="Does not want to")).to_have_count(0, timeout=30_000)
    declined = patient_card(page, "declined", containing=number)
    page.screenshot(path=str(screenshot_dir / "clinic-list-declined.png"))
    expect(declined).to_be_visible()
    assert_accessible(page, "clinic list", screenshot_dir / "a11y-clinic-list")


def test_assisted_screen_with_vital5_measurements_ends_in_the_summary(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    sign_in(page, app_url, "demo.staff")
    open_first_patient(page)
    page.get_by_role("spinbutton", name="Reading 1: systolic (mmHg)").fill("400")
    page.get_by_role("spinbutton", name="Reading 1: diastolic (mmHg)").fill("80")
    page.get_by_role("button", name="Save measurements").click()
    expect(page.get_by_text("60 to 300", exact=False).first).to_be_visible(timeout=30_000)
    page.get_by_role("spinbutton", name="Reading 1: systolic (mmHg)").fill("150")
    page.get_by_role("spinbutton", name="Reading 1: diastolic (mmHg)").fill("85")
    page.get_by_role("spinbutton", name="Height (m)").fill("1.70")
    page.get_by_role("spinbutton", name="Weight (kg)").fill("70")
    page.get_by_role("button", name="Save measurements").click()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(screenshot_dir / "staff-vital5.png"))
    assert_accessible(page, "sitting page with Vital 5 saved")
    page.get_by_role("button", name="Fill in with the patient (assisted)").click()
    answer_all(page)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "staff-assisted-summary.png"))
