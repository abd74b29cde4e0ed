"""The demo database on screen: demo sign-ins shown and accepted there, and only there.

Every test here runs on a database named as the demo (a file demo.db, a PostgreSQL
database ending in _demo); tests/screens/tablet/test_sign_in_and_patient_mode.py covers the
same screens on a real database.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AppMeta
from screening.access.rules.passwords import hash_password
from tests import factories
from tests.screens.conftest import page_text

DEMO_STAFF = "demo.staff", "demo-staff-password"  # screening.database.rules.demo_mode.DEMO_USERS


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    return demo_db_url


def demo_service(db_session: Session) -> None:
    """The demo loader's marker and one demo account (the whole loader takes seconds)."""
    factories.user(db_session, username=DEMO_STAFF[0], password_hash=hash_password(DEMO_STAFF[1]))
    db_session.add(AppMeta(key="demo_data", value="true"))
    db_session.commit()


def test_the_demo_database_needs_no_key_and_shows_the_demo_sign_ins(
    app: AppTest, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SCREENING_PSEUDONYM_KEY")
    demo_service(db_session)
    app.run()
    assert not app.error
    assert "in a demo database of its own" in app.warning[0].value
    roles = app.table[0].value
    assert list(roles["Username"]) == ["demo.staff", "demo.psychologist", "demo.manager", "demo.admin"]
    assert DEMO_STAFF[1] in list(roles["Password"])


def test_a_demo_account_signs_in_on_the_demo_database(app: AppTest, db_session: Session) -> None:
    demo_service(db_session)
    app.run()
    app.text_input[0].set_value(DEMO_STAFF[0])
    app.text_input[1].set_value(DEMO_STAFF[1])
    app.button[0].click().run()
    assert not app.error
    assert "Signed in as" in page_text(app)


def test_an_empty_database_named_as_the_demo_is_not_the_demo(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCREENING_PSEUDONYM_KEY")
    app.run()
    assert "Set SCREENING_PSEUDONYM_KEY" in app.error[0].value  # the name alone relaxes nothing
    assert not app.table


def test_the_demo_database_shows_the_demo_banner_and_the_clinics(app: AppTest, db_session: Session, as_user) -> None:
    as_user()
    clinic = factories.clinic(db_session, name="Sickle cell clinic", bundle="gateway")
    db_session.add(AppMeta(key="demo_data", value="true"))
    db_session.commit()
    app.run()
    assert not app.exception
    assert "Demo data." in app.warning[0].value
    table = app.dataframe[0].value
    assert list(table["Clinic"]) == ["Sickle cell clinic"]
    assert "PHQ-4 gateway" in table["Screening bundle"][0]
    assert clinic.site_id
