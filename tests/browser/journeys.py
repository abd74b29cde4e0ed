"""Steps the browser journeys share: signing in as a demo user."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from demo.users import DEMO_USERS
from screening.patient_mode.rules.staff_session_rules import COOKIE_NAME

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
PINS = {u.username: u.pin for u in DEMO_USERS}


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base)
    expect(page.get_by_label("Username")).to_be_visible(timeout=30_000)
    page.get_by_label("Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    session_cookie(page)  # a page opened by its address right after this finds the sign-in


def session_cookie(page: Page, seconds: float = 15) -> dict:
    """The staff session cookie, once the browser has swapped its ticket for it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
        if found:
            return dict(found[0])
        page.wait_for_timeout(200)
    raise AssertionError("the staff session cookie was never set")
