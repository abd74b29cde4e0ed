"""Steps the browser journeys share: signing in as a demo user."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from demo.users import DEMO_USERS

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
PINS = {u.username: u.pin for u in DEMO_USERS}


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base)
    expect(page.get_by_label("Username")).to_be_visible(timeout=30_000)
    page.get_by_label("Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
