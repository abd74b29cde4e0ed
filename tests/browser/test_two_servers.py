"""Two app servers on one PostgreSQL (issue 14), in a real browser.

A hospital runs the app as several Streamlit processes behind one address, so the tablet
and the staff desk may be on different servers. On server A staff hand the tablet over
and the patient answers PHQ-9 up to item 9 ("More than half the days"); the psychologist
signed in on server B sees the urgent banner count go up at their next page. Staff on B
resume the same sitting and hand over again: the questionnaire continues at the question
A stopped at, with A's answers kept. Then both servers run the page-load work at the same
moment as a cron `escalate` run (the flag made 31 minutes old, the clinic open all day),
and two managers open the uptake dashboard at once, one on each server: the database
rows show each escalation step claimed, sent and audited once, and the uptake summary
rewritten once for the queued patients (PostgreSQL's own row counters), not twice.

Needs PostgreSQL (SQLite is one file on one machine): skipped with the reason when it is
missing, a failure under CI=true (`tests.databases`).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import delete, func, select, text, update

from models import (
    Answer,
    AuditEvent,
    Clinic,
    ClinicHours,
    Escalation,
    Flag,
    Patient,
    ScreeningSession,
    UptakeDay,
    UptakeStale,
)
from models.database import make_engine, make_sessionmaker
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.servers import ROOT, DemoSeeds, streamlit_servers
from tests.browser.tablet import answer_all, hand_back, hand_over, open_first_patient, patient_card, question
from tests.databases import BACKENDS, Templates

WAIT = 30_000
VIEWPORT = {"width": 1024, "height": 768}
BANNER = re.compile(r"(\d+) urgent flags? not yet acknowledged")


@pytest.fixture(scope="module")
def shared_database(database_templates: Templates, demo_seeds: DemoSeeds) -> Iterator[str]:
    """A fresh PostgreSQL database holding the demo service (a copy of the run's seeded one)."""
    if "postgresql" not in BACKENDS:
        pytest.skip("two app servers share one PostgreSQL: TEST_DATABASES leaves PostgreSQL out of this run")
    url, name = demo_seeds.postgres_copy()  # a demo database; skips if no PostgreSQL
    yield url
    database_templates.drop_postgres(name)


@pytest.fixture(scope="module")
def servers(shared_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    with streamlit_servers(shared_database, tmp_path_factory.mktemp("two-servers"), count=2) as bases:
        yield bases


def query(url: str, statement):
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as db:
            return db.execute(statement).all()
    finally:
        engine.dispose()


def change(url: str, *statements) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as db:
        for statement in statements:
            db.execute(statement)
    engine.dispose()


def banner_count(page: Page) -> int:
    """The urgent banner's count once the page's run has finished; 0 when there is no banner."""
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=WAIT)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=WAIT)
    banner = page.get_by_text(BANNER)
    return int(BANNER.search(banner.first.inner_text()).group(1)) if banner.count() else 0  # type: ignore[union-attr]


def banner_settled_on(page: Page, count: int) -> int:
    """The urgent banner's count, given time to reach `count`: a click on the link of the page
    already open finds its heading at once, before the new run has drawn the banner afresh."""
    with contextlib.suppress(AssertionError):
        expect(page.get_by_text(re.compile(rf"\b{count} urgent flags? not yet acknowledged"))).to_be_visible(
            timeout=WAIT
        )
    return banner_count(page)


def go(page: Page, link: str, heading: str) -> None:
    page.get_by_role("link", name=link).first.click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=WAIT)


def signed_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    sign_in(page, base, username)
    return page


def the_sitting(url: str, hospital_number: str) -> tuple[int, int]:
    """(sitting id, item 9 flag id) of the patient's sitting in progress."""
    [(sitting_id, flag_id)] = query(url, (
        select(ScreeningSession.id, Flag.id).join(Patient, Patient.id == ScreeningSession.patient_id)
        .join(Flag, Flag.session_id == ScreeningSession.id)
        .where(Patient.hospital_number == hospital_number, ScreeningSession.status == "in_progress",
               Flag.rule_code == "phq9_item9_positive")
    ))  # fmt: skip
    return sitting_id, flag_id


def test_two_servers_share_a_sitting_and_its_urgent_banner_and_run_the_escalation_and_uptake_clocks_once(
    browser: Browser, servers: list[str], shared_database: str, screenshot_dir: Path
) -> None:
    a, b = servers
    url = shared_database

    # --- A hand-over on server A; the psychologist on server B sees the urgent banner grow.
    staff_a = signed_in(browser, a, "demo.staff")
    psychologist_b = signed_in(browser, b, "demo.psychologist")
    go(psychologist_b, "Flag queue", "Flag queue")
    urgent_before = banner_count(psychologist_b)  # the demo's own urgent flags
    go(staff_a, "Clinic list", "Today's clinic list")
    urgent_before_a = banner_count(staff_a)  # the flags at staff's own sites
    number = open_first_patient(staff_a)
    hand_over(staff_a)
    assert answer_all(staff_a, item9="More than half the days", stop_after=9) == 9  # PHQ-9 items 1-9
    stopped_at = question(staff_a)
    staff_a.screenshot(path=str(screenshot_dir / "two-servers-a-patient-1024x768.png"))
    hand_back(staff_a)
    sitting_id, flag_id = the_sitting(url, number)

    go(psychologist_b, "Flag queue", "Flag queue")  # a new page run on B reads the banner afresh
    assert banner_settled_on(psychologist_b, urgent_before + 1) == urgent_before + 1
    go(staff_a, "Clinic list", "Today's clinic list")
    assert banner_settled_on(staff_a, urgent_before_a + 1) == urgent_before_a + 1
    assert_accessible(psychologist_b, "flag queue on server B")

    # --- Server B resumes the sitting: A's answers are there and the questionnaire goes on.
    staff_b = signed_in(browser, b, "demo.staff")
    card = patient_card(staff_b, "in progress", containing=number)
    expect(card.get_by_text("Urgent flag", exact=False)).to_be_visible(timeout=WAIT)
    open_first_patient(staff_b, "in progress", containing=number)
    hand_over(staff_b)
    assert question(staff_b) == stopped_at  # where A stopped, not the first question
    staff_b.screenshot(path=str(screenshot_dir / "two-servers-b-resumed-1024x768.png"))
    assert_accessible(staff_b, "resumed question on server B")
    assert answer_all(staff_b, stop_after=2) == 2
    answers = query(url, select(Answer.instrument_id, func.count()).where(Answer.session_id == sitting_id)
                    .group_by(Answer.instrument_id))  # fmt: skip
    assert sum(n for _, n in answers) == 11  # nine from A, two from B, in one sitting
    started = query(url, select(func.count()).where(AuditEvent.action == "patient_mode.started",
                                                    AuditEvent.entity_id == str(sitting_id)))  # fmt: skip
    assert started == [(2,)]  # one hand-over per server

    # --- The escalation clock: both servers' page loads and a cron run, at the same moment.
    managers = [signed_in(browser, base, "demo.manager") for base in (a, b)]  # before the clock changes anything
    raised = datetime.now(UTC) - timedelta(minutes=31)
    clinic_ids = [c for (c,) in query(url, select(Clinic.id))]
    change(
        url, delete(ClinicHours),
        *(ClinicHours.__table__.insert().values(clinic_id=c, weekday=d, opens_minute=0, closes_minute=1440)
          for c in clinic_ids for d in range(7)),
        update(Flag).where(Flag.id == flag_id).values(created_at=raised, due_at=raised + timedelta(hours=1)),
    )  # fmt: skip
    staff_a.wait_for_timeout(31_000)  # each server runs the clock at most every 30 seconds
    cron = subprocess.Popen([sys.executable, "-m", "screening", "escalate"], cwd=ROOT,
                            env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE, text=True)  # fmt: skip
    staff_a.get_by_role("link", name="Clinic list").first.click()
    psychologist_b.get_by_role("link", name="Flag queue").first.click()
    assert cron.wait(timeout=120) == 0
    for page, heading in ((staff_a, "Today's clinic list"), (psychologist_b, "Flag queue")):
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=WAIT)
    expect(psychologist_b.locator('[data-stale="true"]')).to_have_count(0, timeout=WAIT)
    expect(staff_a.locator('[data-stale="true"]')).to_have_count(0, timeout=WAIT)

    steps = query(url, select(Escalation.step, Escalation.status).where(Escalation.flag_id == flag_id))
    assert len(steps) == 1 and steps[0][1] not in ("claimed",)  # claimed once, then sent (or failed) once
    escalated = query(url, select(AuditEvent.entity_id, AuditEvent.detail).where(AuditEvent.action == "flag.escalated"))
    per_step = Counter((entity, detail["step"]) for entity, detail in escalated)
    assert per_step[(str(flag_id), steps[0][0])] == 1
    assert set(per_step.values()) == {1}  # every flag's every step: audited once, whoever sent it
    claimed = query(url, select(Escalation.flag_id, Escalation.step))
    assert len(claimed) == len(set(claimed)) == len(per_step)

    # --- The uptake summary: two managers, one per server, open the dashboard at once.
    queued = {p for (p,) in query(url, select(UptakeStale.patient_id).distinct())}
    assert queued  # the journey above changed this patient's sittings and flags
    held = (UptakeDay.unit, UptakeDay.day, UptakeDay.patient_id, UptakeDay.place_id, UptakeDay.row_hash)
    rows_before = set(query(url, select(*held).where(UptakeDay.patient_id.in_(queued))))
    inserted_before = _rows_inserted(url)
    for page in managers:
        page.get_by_role("link", name="Uptake").first.click()
    for page in managers:
        expect(page.get_by_role("heading", name="Screening uptake")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Flags closed within target")).to_be_visible(timeout=60_000)
    assert query(url, select(func.count()).select_from(UptakeStale)) == [(0,)]
    # The refresh writes only the rows whose hash changed (issue 19), each once, whichever
    # server took the queue: the rows inserted are exactly those not held before.
    rewritten = len(set(query(url, select(*held).where(UptakeDay.patient_id.in_(queued)))) - rows_before)
    assert rewritten > 0  # the journey changed this patient's rows
    assert _settled_rows_inserted(url, at_least=inserted_before + rewritten) - inserted_before == rewritten
    for page, name in zip(managers, ("a", "b"), strict=True):
        page.wait_for_timeout(1500)  # the charts finish painting
        page.screenshot(path=str(screenshot_dir / f"two-servers-{name}-uptake-1024x768.png"))
    psychologist_b.screenshot(path=str(screenshot_dir / "two-servers-b-banner-1024x768.png"))


def _rows_inserted(url: str) -> int:
    """PostgreSQL's count of rows ever inserted into the uptake summary (its cumulative statistics)."""
    engine = make_engine(url)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        inserted = connection.scalar(text("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'uptake_days'"))
    engine.dispose()
    return int(inserted or 0)


def _settled_rows_inserted(url: str, *, at_least: int) -> int:
    """The counter once the servers' backends have reported (each reports within about ten seconds of going idle)."""
    deadline = time.monotonic() + 25
    seen = _rows_inserted(url)
    while seen < at_least and time.monotonic() < deadline:
        time.sleep(1)
        seen = _rows_inserted(url)
    time.sleep(12)  # and a little longer: a second refresh's inserts would be reported by now
    return _rows_inserted(url)
