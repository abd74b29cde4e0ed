"""The home page, driven headless with Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.screens.conftest import APP, page_text


def test_home_says_which_role_sees_what(app: AppTest, as_user) -> None:
    as_user()
    app.run()
    assert not app.exception
    text = page_text(app)
    assert "Who sees what" in text
    roles = app.table[0].value
    assert list(roles["Role"]) == ["Clinic staff", "Psychologist", "Service manager", "Administrator"]


def test_an_empty_service_points_to_the_demo_in_its_own_database(app: AppTest, as_user) -> None:
    as_user()
    app.run()
    assert "run `make run`: the demo service has a database of its own (data/demo.db)" in page_text(app)
    assert not app.warning  # no demo banner without demo data


def test_an_unreachable_database_is_a_calm_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "Cannot reach the database" in at.error[0].value
    assert "check DATABASE_URL" in at.error[0].value
