"""No disclosed risk is lost, and an unacknowledged one is escalated (issue 13), in a real browser.

A patient answers PHQ-9 item 9 "More than half the days" and hands the tablet back before
finishing. Within one page load the clinic list row and the psychologist's queue show the
URGENT flag. With the clinic open all day, nothing is sent at 29 simulated minutes, exactly
one escalation message is in the outbox at 31, and after the psychologist acknowledges the
flag nothing more is sent, however late the next passes run (`escalate --now`, the test and
replay option). axe-core checks every screen passed (WCAG 2.2 AA); screenshots at 1024x768
for staff and iPad portrait for the psychologist land in test-artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, expect
from sqlalchemy import delete, select

from models import Clinic, ClinicHours, Escalation, Flag, OutboxMessage, Patient, ScreeningSession
from models.database import make_engine, make_sessionmaker
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.tablet import answer_all, hand_back, hand_over, open_first_patient, patient_card

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30_000


def the_flag(app_database: str, hospital_number: str) -> tuple[int, datetime]:
    """(flag id, raised at) of the urgent item 9 flag of this patient's open sitting."""
    engine = make_engine(app_database)
    with make_sessionmaker(engine)() as db:
        row = db.execute(
            select(Flag.id, Flag.created_at)
            .join(ScreeningSession, ScreeningSession.id == Flag.session_id)
            .join(Patient, Patient.id == Flag.patient_id)
            .where(Patient.hospital_number == hospital_number, Flag.rule_code == "phq9_item9_positive",
                   ScreeningSession.status == "in_progress")
        ).one()  # fmt: skip
    engine.dispose()
    return row.id, row.created_at


def open_all_day(app_database: str) -> None:
    """Every clinic open every minute of every day, so the in-hours rule (30 minutes, then the
    clinic's first contact) applies whenever this test runs, even at night."""
    engine = make_engine(app_database)
    with make_sessionmaker(engine)() as db, db.begin():
        clinics = list(db.scalars(select(Clinic.id)))
        db.execute(delete(ClinicHours))
        db.add_all(ClinicHours(clinic_id=c, weekday=d, opens_minute=0, closes_minute=1440)
                   for c in clinics for d in range(7))  # fmt: skip
    engine.dispose()


def escalate(app_database: str, at: datetime) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "screening", "escalate", "--now", at.isoformat()], cwd=ROOT,
        env={**os.environ, "DATABASE_URL": app_database}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def sent(app_database: str, flag_id: int) -> tuple[int, int]:
    """(escalation steps recorded for the flag, outbox messages those steps sent)."""
    engine = make_engine(app_database)
    with make_sessionmaker(engine)() as db:
        ids = list(db.scalars(select(Escalation.provider_message_id).where(Escalation.flag_id == flag_id)))
        outbox = {f"outbox-{i}" for i in db.scalars(select(OutboxMessage.id))}
    engine.dispose()
    return len(ids), len(outbox & set(ids))


def the_message(app_database: str, flag_id: int) -> tuple[str, list[str]]:
    """The outbox message the flag's escalation sent, and the patient's identifying words."""
    engine = make_engine(app_database)
    with make_sessionmaker(engine)() as db:
        (provider_id,) = db.scalars(select(Escalation.provider_message_id).where(Escalation.flag_id == flag_id))
        body = db.scalars(select(OutboxMessage.body).where(OutboxMessage.id == int(provider_id.split("-")[1]))).one()
        patient = db.scalars(select(Patient).join(Flag, Flag.patient_id == Patient.id).where(Flag.id == flag_id)).one()
        words = [patient.nhs_number, patient.hospital_number or "-", patient.family_name, patient.given_name]
    engine.dispose()
    return body, words


def test_item9_then_handed_back_reaches_the_queue_at_once_and_escalates_once_until_acknowledged(
    page: Page, playwright: Playwright, browser: Browser, app_url: str, app_database: str, screenshot_dir: Path
) -> None:
    open_all_day(app_database)
    sign_in(page, app_url, "demo.staff")
    number = open_first_patient(page)
    hand_over(page)
    answer_all(page, item9="More than half the days", stop_after=9)  # items 1-8, then item 9
    assert_accessible(page, "patient question")
    hand_back(page)  # the patient gives up before the end

    card = patient_card(page, "in progress", containing=number)
    expect(card.get_by_text("Urgent flag: tell the clinician running the clinic today")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("urgent flag", exact=False).first).to_be_visible(timeout=WAIT)  # the banner
    card.evaluate("element => element.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(screenshot_dir / "clinic-list-urgent-row-1024x768.png"))
    assert_accessible(page, "clinic list")

    flag_id, raised_at = the_flag(app_database, number)

    ipad = browser.new_context(**playwright.devices["iPad (gen 7)"])
    psychologist = ipad.new_page()
    sign_in(psychologist, app_url, "demo.psychologist")
    psychologist.get_by_role("link", name="Flag queue").first.click()
    expect(psychologist.get_by_role("heading", name="Flag queue")).to_be_visible(timeout=WAIT)
    chooser = psychologist.get_by_role("combobox", name="Patient")
    chooser.click()
    chooser.fill(number)
    # The patient may have older flags in the queue too (the demo's history): the option of
    # this sitting's item 9 flag, which must be urgent.
    option = psychologist.get_by_role("option").filter(has_text=number).filter(has_text="PHQ-9 item 9")
    expect(option).to_contain_text("URGENT", timeout=WAIT)
    expect(option).to_contain_text("PHQ-9 item 9")
    psychologist.screenshot(path=str(screenshot_dir / "flag-queue-realtime-ipad.png"))
    option.click()
    assert_accessible(psychologist, "flag queue")

    escalate(app_database, raised_at + timedelta(minutes=29))
    assert sent(app_database, flag_id) == (0, 0)  # not yet: 30 minutes in clinic hours (s6 v2)
    escalate(app_database, raised_at + timedelta(minutes=31))
    assert sent(app_database, flag_id) == (1, 1)  # exactly one message, in the outbox

    psychologist.mouse.move(5, 5)  # off the table, whose hover toolbar would cover the button
    psychologist.get_by_role("button", name="Open patient").click()
    expect(psychologist.get_by_role("heading", level=1)).to_be_visible(timeout=WAIT)
    flag_card = psychologist.locator(f".st-key-patient_view_flag_{flag_id}")
    flag_card.get_by_role("button", name="Acknowledge and take ownership").click()
    expect(psychologist.get_by_text("Acknowledged: you own this flag.")).to_be_visible(timeout=WAIT)
    psychologist.screenshot(path=str(screenshot_dir / "patient-view-escalated-ipad.png"))
    assert_accessible(psychologist, "patient view")
    ipad.close()

    for later in (61, 95, 240):
        escalate(app_database, raised_at + timedelta(minutes=later))
    assert sent(app_database, flag_id) == (1, 1)  # acknowledged: nothing more

    body, patient_words = the_message(app_database, flag_id)
    assert "needs acknowledging" in body and "flag queue" in body
    assert not any(word in body for word in patient_words)  # no patient identifiers in a message
    page.get_by_role("link", name="Outbox").first.click()
    expect(page.get_by_role("heading", name="Outbox")).to_be_visible(timeout=WAIT)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=WAIT)
    page.wait_for_timeout(800)  # the table paints on a canvas
    page.screenshot(path=str(screenshot_dir / "outbox-1024x768.png"))
    assert_accessible(page, "outbox")
