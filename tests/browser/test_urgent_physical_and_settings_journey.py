"""Issue 13's other screens in a real browser, each checked by axe-core (WCAG 2.2 AA).

- Clinic staff: a BMI over 70 is stored only once they confirm it (s5 v2); a blood pressure
  of 184/122 ends the assisted sitting with an URGENT box they acknowledge on the summary,
  and the urgent banner goes (s6 v2).
- An administrator: the Sites and clinics page's escalation settings refuse a mobile
  number that is not one, saying what to type.
Screenshots at 1024x768 in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.tablet import answer_all, open_first_patient, patient_card

WAIT = 30_000


def test_staff_confirm_an_extreme_bmi_and_acknowledge_an_urgent_blood_pressure_on_the_summary(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    sign_in(page, app_url, "demo.staff")
    number = open_first_patient(page)
    for n, (systolic, diastolic) in enumerate(((186, 124), (184, 122)), start=1):
        page.get_by_role("spinbutton", name=f"Reading {n}: systolic (mmHg)").fill(str(systolic))
        page.get_by_role("spinbutton", name=f"Reading {n}: diastolic (mmHg)").fill(str(diastolic))
    page.get_by_role("spinbutton", name="Height (m)").fill("1.50")
    page.get_by_role("spinbutton", name="Weight (kg)").fill("160")  # BMI 160 / 1.5^2 = 71.1: over 70
    page.get_by_role("button", name="Save measurements").click()
    expect(page.get_by_text("BMI checked", exact=False).first).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("71.1", exact=False).first).to_be_visible(timeout=WAIT)  # the refusal names it
    page.screenshot(path=str(screenshot_dir / "vital5-bmi-confirm-1024x768.png"))
    assert_accessible(page, "Vital 5 form with a BMI to confirm")
    page.get_by_test_id("stCheckbox").get_by_text("BMI checked: the height and weight are right").click()
    page.get_by_role("button", name="Save measurements").click()
    expect(page.get_by_text("Saved:", exact=False)).to_be_visible(timeout=WAIT)

    page.get_by_role("button", name="Fill in with the patient (assisted)").click()
    answer_all(page)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible(timeout=WAIT)
    acknowledge = page.get_by_role("button", name="Acknowledge: the clinician running the clinic knows")
    expect(acknowledge).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("URGENT: Blood pressure 184/122", exact=False)).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "summary-urgent-bp-1024x768.png"))
    assert_accessible(page, "summary with an urgent blood pressure")

    # The clinic staff's urgent banner names the blood pressure on every page until acknowledged.
    card = patient_card(page, "completed", containing=number)
    banner = page.get_by_text("acknowledge it on the patient's summary", exact=False)
    expect(banner).to_have_count(1, timeout=WAIT)
    card.get_by_role("button", name="View summary").click()
    expect(acknowledge).to_be_visible(timeout=WAIT)
    acknowledge.click()
    expect(acknowledge).to_have_count(0, timeout=WAIT)
    expect(banner).to_have_count(0)


def test_an_administrator_is_told_what_to_type_for_an_escalation_contact_mobile(
    page: Page, app_url: str, screenshot_dir: Path
) -> None:
    sign_in(page, app_url, "demo.admin")
    page.get_by_role("link", name="Sites and clinics").first.click()
    expect(page.get_by_role("heading", name="Escalation of urgent flags")).to_be_visible(timeout=WAIT)
    mobile = page.get_by_role("textbox", name="UK mobile (07700 900123)").first
    mobile.fill("12345")
    page.get_by_role("button", name="Save escalation").click()
    expect(page.get_by_text("mobile", exact=False).filter(has_text="07").first).to_be_visible(timeout=WAIT)
    page.get_by_role("heading", name="Escalation of urgent flags").evaluate(
        "element => element.scrollIntoView({block: 'start'})"
    )
    page.screenshot(path=str(screenshot_dir / "admin-escalation-1024x768.png"))
    assert_accessible(page, "Sites and clinics, escalation settings")
