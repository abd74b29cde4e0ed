"""The Imports page on the demo database: real data is refused before anything is written.

Runs on a database named as the demo (a file demo.db, a PostgreSQL database ending in
_demo): demo data anywhere else stops the app before any page (`screening.database.rules.demo_mode`).
"""

from __future__ import annotations

import pytest

from models import AppMeta, ImportRun
from tests.import_files import csv_text, patients, sitting, sitting_columns
from tests.screens.admin.test_admin_imports import count, open_imports, shown, sites_and_clinics, submit

__all__ = ["sites_and_clinics"]  # the clinics the rows name (an autouse fixture)


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    return demo_db_url


@pytest.mark.parametrize("kind", ["attendances", "screenings"])
def test_a_demo_database_refuses_real_data_and_says_what_to_do(app, as_user, db_session, kind) -> None:
    db_session.add(AppMeta(key="demo_data", value="true"))
    db_session.commit()
    open_imports(app, as_user, kind)
    rows = patients(2) if kind == "attendances" else [sitting()]
    submit(app, "Import", csv_text(rows, None if kind == "attendances" else sitting_columns(rows)).encode())
    message = shown(app.error[0].value)
    assert "This database holds the demo service" in message and "point DATABASE_URL at the real database" in message
    assert not app.get("progress") and count(db_session, ImportRun) == 0
