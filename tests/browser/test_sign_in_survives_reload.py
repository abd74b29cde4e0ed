"""A local sign-in survives a reload through an HttpOnly, SameSite=Strict cookie (issue 14),
sign-out ends it, and a reload in patient mode asks for staff instead of showing sign-in."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from screening.patient_mode.rules.staff_session_rules import COOKIE_NAME
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import PASSWORDS, session_cookie, sign_in

HAND_TO_STAFF = "Please hand the tablet to a member of staff."


def test_staff_stay_signed_in_across_a_reload_until_they_sign_out(page: Page, app_url: str) -> None:
    sign_in(page, app_url, "demo.staff")
    cookie = session_cookie(page)
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert COOKIE_NAME not in page.evaluate("document.cookie")  # no script can read it
    assert cookie["value"] not in page.url and "?" not in page.url

    page.reload()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Username")).to_have_count(0)
    page.get_by_role("link", name="Clinic list").click()
    expect(page.get_by_role("heading", name="Today's clinic list")).to_be_visible(timeout=30_000)
    page.reload()  # on a staff page's own address too
    expect(page.get_by_role("heading", name="Today's clinic list")).to_be_visible(timeout=30_000)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username")).to_be_visible(timeout=30_000)
    page.reload()
    expect(page.get_by_label("Username")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_signing_in_again_rotates_the_cookie(page: Page, app_url: str) -> None:
    sign_in(page, app_url, "demo.staff")
    first = session_cookie(page)["value"]
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username")).to_be_visible(timeout=30_000)
    sign_in(page, app_url, "demo.staff")
    deadline = time.monotonic() + 15
    while session_cookie(page)["value"] == first and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert session_cookie(page)["value"] != first


def test_a_reload_in_patient_mode_asks_for_staff_and_never_shows_the_sign_in_page(page: Page, app_url: str) -> None:
    sign_in(page, app_url, "demo.staff")
    session_cookie(page)
    page.get_by_role("link", name="Clinic list").click()
    page.get_by_role("button", name="Start screen").nth(2).click()
    page.get_by_role("button", name="Hand over to the patient").click()
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible(timeout=30_000)

    for address in (None, f"{app_url}/admin_users", app_url):
        page.reload() if address is None else page.goto(address)
        expect(page.get_by_role("heading", name=HAND_TO_STAFF)).to_be_visible(timeout=30_000)
        for words in ("Username", "Demo sign-ins", "Signed in as", "Welcome", "Who sees what"):
            expect(page.get_by_text(words, exact=True)).to_have_count(0)
        for password in PASSWORDS.values():
            assert password not in page.content()
    assert_accessible(page, "hand the tablet to staff")

    page.get_by_role("textbox", name="Staff password or PIN").fill(PASSWORDS["demo.staff"])
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    page.reload()  # staff again: the reload keeps them signed in
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
