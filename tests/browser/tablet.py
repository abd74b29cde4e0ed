"""Steps of the tablet journeys: start a screen from the clinic list, answer, hand back."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from questionnaires import load_instrument
from tests.browser.journeys import PINS

LAST = "That was the last question."
ITEM9 = load_instrument("phq9").item("phq9_9").text
FIRST_ANSWER = {
    item.text: item.answer_options[0].label
    for instrument in ("phq9", "gad7", "phq4", "auditc")
    for item in load_instrument(instrument).items
}


def patient_card(page: Page, status: str = "not offered", containing: str | None = None) -> Locator:
    """The first clinic-list card with this screening status (and text, when given)."""
    page.get_by_role("link", name="Clinic list").first.click()  # the menu: "Back to the clinic list" matches too
    expect(page.get_by_role("heading", name="Today's clinic list")).to_be_visible(timeout=30_000)
    cards = page.locator("[class*='st-key-clinic_list_card_']").filter(has_text=f"screening: {status}")
    if containing:
        cards = cards.filter(has_text=containing)
    card = cards.first
    expect(card).to_be_visible(timeout=30_000)
    return card


def hospital_number(card: Locator) -> str:
    """The hospital number on a clinic-list card, without the direction isolates around it
    (U+2068 ... U+2069, so a name's direction never reorders it: hazard H5)."""
    shown = card.get_by_text("NHS", exact=False).first.inner_text().split(" · ")[1]
    return shown.strip("\u2068\u2069")


def open_first_patient(page: Page, status: str = "not offered", containing: str | None = None) -> str:
    """Start (or resume) the first matching patient's sitting; their hospital number."""
    card = patient_card(page, status, containing)
    number = hospital_number(card)
    card.get_by_role("button", name="Resume screen" if status == "in progress" else "Start screen").click()
    expect(page.get_by_role("button", name="Hand over to the patient")).to_be_visible(timeout=30_000)
    return number


def hand_over(page: Page) -> None:
    page.get_by_role("button", name="Hand over to the patient").click()
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible(timeout=30_000)
    # The welcome's run has ended (the chooser and Start drawn for good) before the tap, as a
    # patient reads the page first: a tap during the page change can land on the old run.
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("button", name="Start", exact=True)).to_have_count(0, timeout=30_000)


def question(page: Page) -> str:
    """The heading of the question on screen (the subheader), once the run has finished."""
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)
    heading = page.locator("[class*='_questionnaire'] h3").first
    expect(heading).to_be_visible(timeout=30_000)
    return heading.inner_text().strip()


def answer_all(page: Page, *, item9: str = "Not at all", stop_after: int | None = None) -> int:
    """Tap the first answer of every question (item 9: `item9`) until the Finish step."""
    taps = 0
    while (text := question(page)) != LAST and (stop_after is None or taps < stop_after):
        answer = page.get_by_role("button", name=item9 if text == ITEM9 else FIRST_ANSWER[text], exact=True)
        expect(answer).to_have_count(1, timeout=30_000)  # the last question's buttons have gone
        answer.click()
        expect(page.locator("[class*='_questionnaire'] h3").first).not_to_have_text(text, timeout=30_000)
        taps += 1
    return taps


def hand_back(page: Page, username: str = "demo.staff") -> None:
    """Open "take the tablet back", type the PIN and unlock. Under load, a tap that lands
    as a run redraws the page can be lost (the PIN still typed, the page unchanged): then
    open the box if need be and type again, as staff would (at most three times). The box
    no longer closes when a run draws something new above it (`app_pages/patient_screen.py`)."""
    secret = page.get_by_role("textbox", name="Staff password or PIN")
    signed_in = page.get_by_text("Signed in as")
    for _ in range(3):
        expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)  # the run has ended
        if signed_in.is_visible():  # the last tap was taken, only slowly
            break
        if not secret.is_visible():
            page.get_by_text("For staff: take the tablet back").click()
        expect(secret).to_be_visible(timeout=30_000)
        secret.fill(PINS[username])
        try:
            page.get_by_role("button", name="Unlock").click(timeout=10_000)
            expect(signed_in).to_be_visible(timeout=15_000)
        except (PlaywrightTimeoutError, AssertionError):
            continue
        break
    expect(signed_in).to_be_visible(timeout=30_000)
