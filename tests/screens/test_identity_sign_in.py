"""Sign-in through a trust identity provider, headless: `at.secrets` holds an `[auth]`
section and `at.user` plays the identity that `st.login` would have returned.

The OIDC round trip itself cannot run under AppTest; tests/browser/
test_identity_provider_sign_in.py drives it against oidc-provider-mock.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AuditEvent
from tests import factories
from tests.screens.conftest import page_text

SUBJECT = "ada.okafor@trust.example.nhs.uk"
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": secrets.token_urlsafe(32),
        "client_id": "mind-body-screening",
        "client_secret": secrets.token_urlsafe(24),
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}


def with_identity_provider(app: AppTest, subject: str | None) -> AppTest:
    app.secrets = dict(AUTH)
    app.user = (
        {"is_logged_in": False}
        if subject is None
        else {"is_logged_in": True, "sub": subject, "name": "Ada Okafor", "email": subject}
    )
    return app


def audited(session: Session, action: str) -> list[tuple[str, Any]]:
    session.expire_all()
    rows = session.execute(
        select(AuditEvent.actor, AuditEvent.detail).where(AuditEvent.action == action).order_by(AuditEvent.id)
    )
    return [(actor, detail) for actor, detail in rows]


def test_signed_out_the_sign_in_page_offers_the_hospital_account_only(app: AppTest) -> None:
    with_identity_provider(app, None).run()
    assert not app.exception
    assert [b.label for b in app.button] == ["Sign in with your hospital account"]
    assert not app.text_input  # no local password form beside the provider


def test_a_mapped_identity_gets_the_staff_pages_and_one_audited_sign_in(app: AppTest, db_session: Session) -> None:
    user = factories.user(
        db_session, username="psy.ada", display_name="Ada Okafor", role="psychologist", oidc_subject=SUBJECT
    )
    db_session.commit()
    with_identity_provider(app, SUBJECT).run()
    assert not app.exception
    text = page_text(app)
    assert "Signed in as **Ada Okafor** · Psychologist" in text
    assert "Who sees what" in text and "You do not have access yet" not in text
    app.run()  # a second click in the same browser session is not a second sign-in
    assert audited(db_session, "auth.sign_in") == [("psy.ada", {"method": "identity_provider"})]
    db_session.refresh(user)
    assert user.last_sign_in_at is not None


def test_an_unmapped_identity_sees_the_ask_your_administrator_page_only(app: AppTest, db_session: Session) -> None:
    factories.user(db_session, oidc_subject="someone.else@trust.example.nhs.uk")
    db_session.commit()
    with_identity_provider(app, SUBJECT).run()
    assert not app.exception
    assert app.title[0].value == "You do not have access yet"
    assert "Ask your administrator" in page_text(app)
    assert "Signed in as" not in page_text(app) and "Who sees what" not in page_text(app)
    assert audited(db_session, "auth.sign_in_failed") == [("not signed in", {"reason": "unmapped_identity"})]


def test_the_identity_of_a_switched_off_user_is_refused(app: AppTest, db_session: Session) -> None:
    factories.user(db_session, username="psy.ada", oidc_subject=SUBJECT, active=False)
    db_session.commit()
    with_identity_provider(app, SUBJECT).run()
    assert not app.exception
    assert app.title[0].value == "You do not have access yet"
    assert "Signed in as" not in page_text(app) and "Who sees what" not in page_text(app)
    assert audited(db_session, "auth.sign_in") == []
    assert audited(db_session, "auth.sign_in_failed") == [("not signed in", {"reason": "unmapped_identity"})]


def test_a_user_switched_off_while_signed_in_loses_the_staff_pages_at_the_next_click(
    app: AppTest, db_session: Session
) -> None:
    user = factories.user(db_session, oidc_subject=SUBJECT)
    db_session.commit()
    with_identity_provider(app, SUBJECT).run()
    assert "Signed in as" in page_text(app)
    user.active = False
    db_session.commit()
    app.run()
    assert app.title[0].value == "You do not have access yet"
    assert "Signed in as" not in page_text(app)


def test_sign_out_logs_out_of_the_identity_provider_and_is_audited(app: AppTest, db_session: Session) -> None:
    factories.user(db_session, username="psy.ada", oidc_subject=SUBJECT)
    db_session.commit()
    with_identity_provider(app, SUBJECT).run()
    app.button(key="frame_sign_out").click().run()
    assert not app.exception
    assert app.user == {"is_logged_in": False}  # st.logout() ran
    assert audited(db_session, "auth.sign_out") == [("psy.ada", {"reason": "signed_out"})]
    app.run()
    assert [b.label for b in app.button] == ["Sign in with your hospital account"]
