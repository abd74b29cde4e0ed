"""AppTest fixtures: the app on a test database, and a signed-in user of any role.

Signing in through the form costs an Argon2 verification per test; most screen tests
are about what a role sees, so `as_user` puts a user's id in the session state exactly
as the sign-in page does (tests/screens/tablet/test_sign_in_and_patient_mode.py covers the form itself).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import User
from tests import factories

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(db_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", db_url)
    return AppTest.from_file(APP, default_timeout=30)


@pytest.fixture
def as_user(app: AppTest, db_session: Session) -> Callable[..., User]:
    def sign_in(role: str = "clinic_staff", **fields: object) -> User:
        user = factories.user(db_session, role=role, **fields)
        db_session.commit()
        app.session_state["auth.user_id"] = user.id
        app.session_state["auth.staff_checked"] = True
        return user

    return sign_in


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title] + [s.value for s in at.subheader]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    parts += [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)
