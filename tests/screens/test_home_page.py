"""The home page, driven headless with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AppMeta
from tests import factories

from tests.screens.conftest import APP, page_text


def test_home_says_which_role_sees_what(app: AppTest, as_user) -> None:
    as_user()
    app.run()
    assert not app.exception
    text = page_text(app)
    assert "Who sees what" in text
    roles = app.table[0].value
    assert list(roles["Role"]) == ["Clinic staff", "Psychologist", "Service manager", "Administrator"]


def test_an_empty_service_says_how_to_load_the_demo(app: AppTest, as_user) -> None:
    as_user()
    app.run()
    assert "python -m screening demo-data" in page_text(app)
    assert not app.warning  # no demo banner without demo data


def test_demo_data_shows_the_demo_banner_and_the_clinics(app: AppTest, db_session: Session, as_user) -> None:
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


def test_an_unreachable_database_is_a_calm_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "Cannot reach the database" in at.error[0].value
    assert "check DATABASE_URL" in at.error[0].value
