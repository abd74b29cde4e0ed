"""Screening before the visit, from the outbox message's link to the clinic list (issue 17), in a real browser.

Staff send a patient the secure link from the clinic list; the demo's outbox holds the SMS.
On a phone-sized screen the patient opens the link from that message: a wrong date of birth
is refused, the right one admits, they answer every question (item 9: "More than half the
days") and finish, and read the remote safety message (contact from the team, 111 option 2,
999, Samaritans; never "today"). Opening the link again says it is already answered. The
clinic list shows "Completed at home", the sitting's urgent flag is raised, and `escalate`
tells the out-of-hours contact at once although the clinic is open. A revoked and an expired
link are refused in plain words. No token appears in either server's log. axe-core checks
every remote screen (WCAG 2.2 AA) at 1024x768 and iPad portrait; screenshots land in
test-artifacts/.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from models import (
    Attendance,
    Clinic,
    ClinicHours,
    Escalation,
    Flag,
    Patient,
    PatientContact,
    ScreeningSession,
    User,
)
from models.database import make_engine, make_sessionmaker
from screening.access.services.accounts import load_current_user
from screening.remote.services.links import invitation_for, issue_link, revoke
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.servers import DemoSeeds, demo_copy, remote_and_staff_servers
from tests.browser.tablet import answer_all
from tests.databases import Templates

ROOT = Path(__file__).resolve().parents[2]
LONDON = ZoneInfo("Europe/London")
WAIT = 30_000
MOBILE = "07700900123"
PHONE = {"width": 810, "height": 1080}


@dataclass(frozen=True)
class Booked:
    hospital_number: str
    born: date
    attendance_id: int


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, demo_seeds: DemoSeeds,
             database_templates: Templates) -> Iterator[str]:  # fmt: skip
    """A copy of the demo service of its own (this journey changes clinic hours and contacts)."""
    with demo_copy(tmp_path_factory, demo_seeds, database_templates, "remote") as url:
        yield url


@pytest.fixture(scope="module")
def servers(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    folder = tmp_path_factory.mktemp("remote-servers")
    with remote_and_staff_servers(database, folder) as (remote, staff):
        yield remote, staff, folder


def book(url: str, at: datetime, *, contact: bool = True) -> Booked:
    """A demo patient booked into a demo clinic at `at` (London), with a mobile; every clinic open all day."""
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db, db.begin():
        booked_today = select(Attendance.patient_id).where(Attendance.appointment_at >= at - timedelta(days=1))
        patient = db.scalars(select(Patient).where(Patient.id.not_in(booked_today), Patient.preferred_language == "English")
                             .order_by(Patient.id)).first()  # fmt: skip
        clinic = db.scalars(select(Clinic).order_by(Clinic.id)).first()
        assert patient is not None and clinic is not None
        visit = Attendance(patient_id=patient.id, clinic_id=clinic.id, status="attended",
                           source_ref=f"remote-{patient.id}-{at:%Y%m%d%H%M}", appointment_at=at.astimezone(UTC))  # fmt: skip
        db.add(visit)
        if contact:
            db.merge(PatientContact(patient_id=patient.id, mobile=MOBILE, email=None, no_contact=False))
        clinics = list(db.scalars(select(Clinic.id)))
        db.query(ClinicHours).delete()
        db.add_all(ClinicHours(clinic_id=c, weekday=d, opens_minute=0, closes_minute=1440)
                   for c in clinics for d in range(7))  # fmt: skip
        db.flush()
        booked = Booked(str(patient.hospital_number), patient.date_of_birth, visit.id)
    engine.dispose()
    return booked


def a_link(url: str, booked: Booked, at: datetime) -> str:
    """A link made straight by the service (for the revoked and expired cases)."""
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db, db.begin():
        _, token = issue_link(db, invitation_for(db, booked.attendance_id, now=at), now=at)
    engine.dispose()
    return token


def staff_revoke(url: str, booked: Booked) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db, db.begin():
        staff = db.scalars(select(User).where(User.username == "demo.staff")).one()
        revoke(db, load_current_user(db, staff.id), booked.attendance_id, now=datetime.now(UTC))
    engine.dispose()


def later_today() -> datetime:
    """23:30 London today: the link works until midnight, and the clinic list of today shows it."""
    return datetime.combine(datetime.now(LONDON).date(), time(23, 30), LONDON)


def send_from_the_clinic_list(page: Page, staff: str, booked: Booked) -> str:
    """Staff send the link; the SMS as the outbox keeps it, and the link in it."""
    sign_in(page, staff, "demo.staff")
    page.get_by_role("link", name="Clinic list").first.click()
    card = page.locator("[class*='st-key-clinic_list_card_']").filter(has_text=booked.hospital_number).first
    expect(card).to_be_visible(timeout=WAIT)
    card.get_by_role("button", name="Send link").click()
    expect(page.get_by_text("Link sent by SMS.", exact=True)).to_be_visible(timeout=WAIT)  # the notice, not the card
    expect(card.get_by_text(re.compile(r"Secure link: Link sent by SMS, \w{3} \d+ \w{3} \d\d:\d\d"))).to_be_visible()
    page.get_by_role("link", name="Outbox").first.click()
    message = page.get_by_text("Your clinic asks you").first
    expect(message).to_be_visible(timeout=WAIT)
    body = message.inner_text()
    found = re.search(r"(http://127\.0\.0\.1:\d+/\?link=[A-Za-z0-9_-]{43})", body)
    assert found, body
    return found.group(1)


def date_of_birth(page: Page, born: date) -> None:
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_role("button", name="Continue").click()


def settled(page: Page) -> None:
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=WAIT)


def test_a_patient_screens_at_home_from_the_outbox_link_and_the_clinic_sees_it(
    servers: tuple[str, str, Path], database: str, browser: Browser, screenshot_dir: Path
) -> None:
    remote, staff, folder = servers
    booked = book(database, later_today())
    staff_page = browser.new_page()
    link = send_from_the_clinic_list(staff_page, staff, booked)
    assert link.startswith(remote)
    sms = staff_page.get_by_text("Your clinic asks you").first.inner_text()
    assert "Haem" not in sms and "sickle" not in sms.casefold() and "screening" not in sms.casefold()

    phone = browser.new_page(viewport=PHONE)
    phone.goto(link)
    expect(phone.get_by_label("Day")).to_be_visible(timeout=WAIT)
    assert_accessible(phone, "remote door", screenshot_dir / "remote-door")
    wrong = booked.born + timedelta(days=1)
    date_of_birth(phone, wrong)
    expect(phone.get_by_text("does not match our records")).to_be_visible(timeout=WAIT)
    assert_accessible(phone, "remote door, wrong date of birth", screenshot_dir / "remote-wrong-birth-date")
    date_of_birth(phone, booked.born)
    expect(phone.get_by_role("button", name="Start")).to_be_visible(timeout=WAIT)
    settled(phone)
    assert_accessible(phone, "remote welcome", screenshot_dir / "remote-welcome")
    phone.get_by_role("button", name="Start").click()
    expect(phone.get_by_role("button", name="Start", exact=True)).to_have_count(0, timeout=WAIT)
    settled(phone)
    assert_accessible(phone, "remote question", screenshot_dir / "remote-question")
    answer_all(phone, item9="More than half the days")
    phone.get_by_role("button", name="Finish").click()
    expect(phone.get_by_text("Your clinic team will contact you")).to_be_visible(timeout=WAIT)
    expect(phone.get_by_text("Samaritans on 116 123")).to_be_visible()
    assert "today" not in phone.locator("main").inner_text().casefold()
    assert_accessible(phone, "remote thank-you", screenshot_dir / "remote-thank-you")

    phone.goto(link)  # reused after finishing
    expect(phone.get_by_text("You have already answered these questions")).to_be_visible(timeout=WAIT)
    assert_accessible(phone, "remote link already answered", screenshot_dir / "remote-answered")

    staff_page.get_by_role("link", name="Clinic list").first.click()
    card = staff_page.locator("[class*='st-key-clinic_list_card_']").filter(has_text=booked.hospital_number).first
    expect(card.get_by_text("Completed at home")).to_be_visible(timeout=WAIT)
    staff_page.screenshot(path=str(screenshot_dir / "remote-clinic-list-1024x768.png"))

    engine = make_engine(database)
    with make_sessionmaker(engine)() as db:
        sitting = db.scalars(
            select(ScreeningSession).where(ScreeningSession.attendance_id == booked.attendance_id)
        ).one()
        assert (sitting.status, sitting.remote) == ("completed", True)
        flag = db.scalars(select(Flag).where(Flag.session_id == sitting.id, Flag.priority == "urgent")).one()
    escalated = subprocess.run([sys.executable, "-m", "screening", "escalate"], cwd=ROOT, capture_output=True,
                               text=True, env={**os.environ, "DATABASE_URL": database}, timeout=120)  # fmt: skip
    assert escalated.returncode == 0, escalated.stderr
    with make_sessionmaker(engine)() as db:
        steps = db.scalars(select(Escalation).where(Escalation.flag_id == flag.id)).all()
        assert [(s.step, s.target) for s in steps] == [(1, "out_of_hours")]  # at once, though the clinic is open
    engine.dispose()

    logs = " ".join((folder / part / "server.log").read_text() for part in ("remote", "staff"))
    assert link.rsplit("=", 1)[1] not in logs


def test_a_revoked_and_an_expired_link_are_refused_in_plain_words(
    servers: tuple[str, str, Path], database: str, browser: Browser, screenshot_dir: Path
) -> None:
    remote, _, folder = servers
    stopped = book(database, later_today())
    stopped_token = a_link(database, stopped, datetime.now(UTC))
    staff_revoke(database, stopped)
    yesterday = book(database, later_today() - timedelta(days=1))
    expired_token = a_link(database, yesterday, datetime.now(UTC) - timedelta(days=2))
    phone = browser.new_page(viewport=PHONE)
    phone.goto(f"{remote}/?link={stopped_token}")
    expect(phone.get_by_text("This link no longer works")).to_be_visible(timeout=WAIT)
    assert_accessible(phone, "remote link stopped", screenshot_dir / "remote-stopped")
    phone.goto(f"{remote}/?link={expired_token}")
    expect(phone.get_by_text("This link has expired")).to_be_visible(timeout=WAIT)
    phone.goto(f"{remote}/?link=not-a-link")
    expect(phone.get_by_text("This link does not work")).to_be_visible(timeout=WAIT)
    expect(phone.get_by_label("Day")).to_have_count(0)
    for staff_path in ("/flag_queue", "/clinic_list", "/admin_users", "/sign_in"):  # no staff page on this port
        phone.goto(f"{remote}{staff_path}")
        expect(phone.get_by_text("This link does not work")).to_be_visible(timeout=WAIT)
        expect(phone.get_by_label("Username")).to_have_count(0)
        expect(phone.get_by_text("Signed in as")).to_have_count(0)
    logs = (folder / "remote" / "server.log").read_text()
    assert stopped_token not in logs and expired_token not in logs
