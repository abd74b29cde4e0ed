"""Sign-in through the trust's identity provider (`st.login`), end to end in Chromium.

The app runs with an `[auth]` section pointing at oidc-provider-mock; the mock's own login
form is filled in as a person would. A mapped identity reaches the staff pages, an
unmapped one only the "ask your administrator" page, and sign-out ends the session here
and at the provider.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from models import AuditEvent
from models.database import make_engine
from tests.browser.identity_provider import (  # noqa: F401 - fixtures used by name
    MAPPED_NAME,
    MAPPED_SUBJECT,
    MAPPED_USERNAME,
    UNMAPPED_SUBJECT,
    OidcApp,
    identity_provider,
    oidc_app,
    oidc_database,
)

SIGN_IN_BUTTON = "Sign in with your hospital account"


def offline(page: Page) -> None:
    """The mock's pages link a stylesheet on a CDN; these machines are offline."""
    page.route(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda route: route.abort())


def sign_in_at_the_provider(page: Page, app: OidcApp, subject: str, pictures: Path | None = None) -> None:
    """From the app's sign-in page through the provider's login form and back."""
    offline(page)
    page.goto(app.url)
    button = page.get_by_role("button", name=SIGN_IN_BUTTON)
    expect(button).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Password")).to_have_count(0)  # no local form beside the provider
    if pictures is not None:
        page.screenshot(path=str(pictures / "oidc-sign-in.png"))
    button.click()
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible(timeout=15_000)
    page.locator('input[name="sub"]').fill(subject)
    if pictures is not None:
        page.screenshot(path=str(pictures / "oidc-provider-form.png"))
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(app.url)}/?(\?.*)?$"), timeout=15_000)


def audit(app: OidcApp, action: str) -> list[tuple[str, dict | None]]:
    engine = make_engine(app.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(AuditEvent.actor, AuditEvent.detail).where(AuditEvent.action == action).order_by(AuditEvent.id)
            ).all()
    finally:
        engine.dispose()
    return [(actor, detail) for actor, detail in rows]


def test_a_mapped_identity_signs_in_at_the_provider_reaches_home_and_signs_out(
    page: Page, oidc_app: OidcApp, screenshot_dir: Path
) -> None:
    sign_in_at_the_provider(page, oidc_app, MAPPED_SUBJECT, pictures=screenshot_dir)
    expect(page.get_by_text(f"Signed in as {MAPPED_NAME}")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Mind & Body screening")).to_be_visible()
    expect(page.get_by_text("Who sees what")).to_be_visible()
    expect(page.get_by_role("table")).to_be_visible()  # the page has finished, not a skeleton
    expect(page.get_by_text("No sites or clinics yet", exact=False)).to_be_visible()
    page.wait_for_timeout(300)  # let the table finish painting before the picture
    page.screenshot(path=str(screenshot_dir / "oidc-home.png"))
    assert (MAPPED_USERNAME, {"method": "identity_provider"}) in audit(oidc_app, "auth.sign_in")

    # Sign-out (one journey with the sign-in: each sign-in costs a few seconds).
    signed_out_before = len(audit(oidc_app, "auth.sign_out"))
    page.get_by_role("button", name="Sign out").click()
    end_session = page.get_by_role("button", name="End session")  # the provider's own page
    expect(end_session).to_be_visible(timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "oidc-provider-end-session.png"))
    end_session.click()
    expect(page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible(timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "oidc-signed-out.png"))
    page.reload()  # the sign-in cookie is gone: a reload does not sign back in
    expect(page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible(timeout=30_000)
    assert page.get_by_text("Signed in as").count() == 0
    assert len(audit(oidc_app, "auth.sign_out")) == signed_out_before + 1


def test_an_unmapped_identity_is_told_to_ask_an_administrator(
    page: Page, oidc_app: OidcApp, screenshot_dir: Path
) -> None:
    sign_in_at_the_provider(page, oidc_app, UNMAPPED_SUBJECT)
    expect(page.get_by_role("heading", name="You do not have access yet")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Ask your administrator", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # finished, not a skeleton
    page.screenshot(path=str(screenshot_dir / "oidc-ask-administrator.png"))
    assert page.get_by_text("Signed in as").count() == 0
    assert page.get_by_text("Who sees what").count() == 0

    page.goto(f"{oidc_app.url}/clinic_list")  # typing a staff page's address does not help
    expect(page.get_by_role("heading", name="You do not have access yet")).to_be_visible(timeout=30_000)
    assert page.get_by_text("Clinic list").count() == 0
    assert ("not signed in", {"reason": "unmapped_identity"}) in audit(oidc_app, "auth.sign_in_failed")
