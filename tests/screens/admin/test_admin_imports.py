"""The administrator's Imports page: check a CSV (dry run and preview), import it, refuse bad files.

Streamlit 1.67's AppTest drives `st.file_uploader` itself (`FileUploader.set_value` with
(name, bytes, mime)), so the page is tested whole, from the router down.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import Attendance, Flag, ImportRun, Patient, ScreeningSession
from screening.imports.rules.import_preview import PREVIEW_ROWS
from screening.imports.services.attendance_import import import_attendances
from screening.policy import CurrentUser
from tests.import_files import (
    BAD_CHECK_DIGIT,
    attendance,
    csv_file,
    csv_text,
    patients,
    reference_data,
    sitting,
    sitting_columns,
)  # fmt: skip
from tests.screens.conftest import page_text
from ui.admin import import_view
from ui.shell.auth import AuthState

ROOT = Path(__file__).resolve().parents[3]
PAGE = "app_pages/admin_imports.py"
NON_ADMIN_ROLES = ["clinic_staff", "psychologist", "service_manager"]


@pytest.fixture(autouse=True)
def sites_and_clinics(db_session: Session) -> None:
    reference_data(db_session)
    db_session.commit()


def count(session: Session, model: type) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model)) or 0


def open_imports(app: AppTest, as_user, kind: str = "attendances") -> AppTest:
    as_user("administrator")
    app.run()
    app.switch_page(PAGE).run()
    if kind != "attendances":
        app.radio(key="admin_imports_kind").set_value(kind).run()
    return app


def submit(app: AppTest, label: str, content: bytes, *, name: str = "clinic.csv", skip_invalid: bool = False,
           open_flags: bool | None = None) -> AppTest:  # fmt: skip
    app.file_uploader(key="admin_imports_file").set_value((name, content, "text/csv"))
    app.checkbox(key="admin_imports_skip_invalid").set_value(skip_invalid)
    if open_flags is not None:
        app.checkbox(key="admin_imports_open_flags").set_value(open_flags)
    (button,) = [b for b in app.button if b.label == label]
    button.click().run()
    assert not app.exception
    return app


def table(app: AppTest, column: str) -> list[dict[str, object]]:
    """The first dataframe on the page with `column`, as records."""
    (frame,) = [f.value for f in app.dataframe if column in f.value.columns][:1]
    return frame.to_dict("records")


def counts(app: AppTest) -> dict[str, int]:
    return {row["count"]: row["rows"] for row in table(app, "count")}


def shown(text: str) -> str:
    """Message text without the backslashes `ui.shell.text.plain` puts before Markdown characters."""
    return text.replace("\\", "")


WITH_ONE_INVALID = [*patients(3), attendance(appointment_id="PAS-0009", nhs_number=BAD_CHECK_DIGIT)]


def test_checking_a_file_lists_every_invalid_row_and_writes_nothing(app, as_user, db_session) -> None:
    open_imports(app, as_user)
    submit(app, "Check file", csv_file(WITH_ONE_INVALID).getvalue())
    assert "1 invalid row: as it stands, Import would import nothing" in app.warning[0].value
    assert counts(app) == {"read": 4, "would insert": 0, "would update": 0, "unchanged": 0, "rejected": 1}
    [error] = table(app, "reason")
    assert (error["line"], error["column"]) == (5, "nhs_number")
    assert BAD_CHECK_DIGIT not in str(error["reason"])  # a reason never repeats the value
    assert count(db_session, Patient) == 0 and count(db_session, Attendance) == 0
    assert db_session.scalars(select(ImportRun.dry_run)).all() == [True]  # the check itself is recorded


def test_checking_with_skip_invalid_counts_what_the_import_would_write(app, as_user, db_session) -> None:
    open_imports(app, as_user)
    submit(app, "Check file", csv_file(WITH_ONE_INVALID).getvalue(), skip_invalid=True)
    assert app.info[0].value.startswith("Dry run, nothing written: read 4, inserted 3")
    assert counts(app) == {"read": 4, "would insert": 3, "would update": 0, "unchanged": 0, "rejected": 1,
                           "patients created": 3, "patients updated": 0}  # fmt: skip
    assert not app.get("download_button")  # nothing was rejected for real
    assert count(db_session, Patient) == 0 and count(db_session, Attendance) == 0


def test_the_preview_shows_at_most_twenty_rows_as_the_import_reads_them(app, as_user) -> None:
    rows = patients(PREVIEW_ROWS + 5)
    rows[0]["family_name"] = "Zoë Ní Bhriain"
    open_imports(app, as_user)
    submit(app, "Check file", csv_text(rows).encode("cp1252"))
    preview = table(app, "family_name")
    assert len(preview) == PREVIEW_ROWS
    assert (preview[0]["line"], preview[0]["family_name"], preview[-1]["line"]) == (2, "Zoë Ní Bhriain", 21)
    assert "First rows as read" in page_text(app)


def test_importing_writes_the_rows_and_shows_the_summary_and_a_full_progress_bar(app, as_user, db_session) -> None:
    open_imports(app, as_user)
    submit(app, "Import", csv_file(patients(3)).getvalue())
    assert app.success[0].value == "Imported attendances: read 3, inserted 3, updated 0, unchanged 0, rejected 0"
    assert counts(app)["inserted"] == 3
    assert [bar.value for bar in app.get("progress")] == [100]
    assert count(db_session, Attendance) == 3
    assert db_session.scalars(select(ImportRun.dry_run)).all() == [False]


def test_an_import_with_an_invalid_row_imports_nothing_and_says_how_to_go_on(app, as_user, db_session) -> None:
    open_imports(app, as_user)
    submit(app, "Import", csv_file(WITH_ONE_INVALID).getvalue())
    assert "1 invalid row, so nothing was imported" in app.error[0].value
    assert [row["line"] for row in table(app, "reason")] == [5]
    assert count(db_session, Attendance) == 0


def test_skip_invalid_imports_the_valid_rows_and_offers_the_rejected_ones_formula_safe(
    app, as_user, db_session, monkeypatch
) -> None:
    offered: list[tuple[str, str]] = []
    original = import_view.rejected_download
    monkeypatch.setattr(import_view, "rejected_download", lambda text, name: (offered.append((text, name)),
                                                                              original(text, name)))  # fmt: skip
    rows = [*patients(3), attendance(appointment_id="PAS-0009", nhs_number=BAD_CHECK_DIGIT,
                                     family_name='=HYPERLINK("http://x.example","y")')]  # fmt: skip
    open_imports(app, as_user)
    submit(app, "Import", csv_file(rows).getvalue(), name="march.csv", skip_invalid=True)
    assert app.success[0].value.startswith("Imported attendances: read 4, inserted 3")
    [download] = app.get("download_button")
    assert download.proto.label == "Download the rejected rows (CSV)"
    [(text, name)] = offered
    assert name == "march.csv"
    [rejected] = list(csv.DictReader(io.StringIO(text)))
    assert (rejected["line"], rejected["appointment_id"]) == ("5", "PAS-0009")
    assert rejected["family_name"].startswith("'=HYPERLINK")  # neutralised for spreadsheets
    assert rejected["reason"].startswith("nhs_number: ")
    assert count(db_session, Attendance) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 spreadsheet bytes", "The file is a spreadsheet (.xlsx), not a CSV file"),
        (
            csv_text([attendance(notes="x")], [*attendance(), "notes"]).encode(),
            "The header row is not the expected one: unknown column notes (remove them).",
        ),
    ],
    ids=["not-csv", "wrong-header"],
)
def test_a_file_refused_as_a_whole_shows_the_one_message(app, as_user, db_session, content, message) -> None:
    open_imports(app, as_user)
    submit(app, "Check file", content)
    assert message in shown(app.error[0].value)
    assert not app.dataframe and not app.get("progress")
    assert count(db_session, ImportRun) == 0


def test_pressing_a_button_without_a_file_asks_for_one(app, as_user) -> None:
    open_imports(app, as_user)
    app.button(key="FormSubmitter:admin_imports_form-Import").click().run()
    assert app.warning[0].value == "Choose a CSV file first."


def test_historical_screenings_import_with_their_flags_left_open(app, as_user, db_session) -> None:
    import_attendances(db_session, csv_file([attendance()]))
    db_session.commit()
    open_imports(app, as_user, "screenings")
    rows = [sitting()]
    submit(app, "Import", csv_text(rows, sitting_columns(rows)).encode(), name="paper.csv", open_flags=True)
    assert app.success[0].value.startswith("Imported screenings: read 1, inserted 1")
    assert count(db_session, ScreeningSession) == 1
    assert set(db_session.scalars(select(Flag.status))) == {"open"}


def test_the_open_flags_option_is_offered_for_screenings_only(app, as_user) -> None:
    open_imports(app, as_user)
    assert [c.key for c in app.checkbox] == ["admin_imports_skip_invalid"]


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_a_non_administrator_is_not_offered_the_imports_page(app, as_user, role) -> None:
    as_user(role)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_the_page_guard_refuses_a_non_administrator_who_reaches_the_script(role) -> None:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    at.session_state["auth.current"] = AuthState(user=CurrentUser(1, "someone", "Some One", role, None))
    at.run()
    assert "cannot run imports" in at.error[0].value
    assert not at.title and not at.get("file_uploader")


def test_checking_a_file_with_contacts_shows_them_only_as_given_and_counted(app, as_user, db_session) -> None:
    # Issue 17: the page never puts a mobile number or email address on the screen.
    rows = [attendance(mobile="07700 900123", email="ada.okafor@example.com", no_contact="N"),
            attendance(appointment_id="PAS-0002", mobile="020 7946 0000", email="", no_contact="")]  # fmt: skip
    open_imports(app, as_user)
    submit(app, "Check file", csv_file(rows).getvalue(), skip_invalid=True)
    assert counts(app)["contacts changed"] == 1
    preview = table(app, "mobile")
    assert [(r["mobile"], r["email"]) for r in preview] == [("given", "given"), ("given", "")]
    [error] = table(app, "reason")
    assert (error["line"], error["column"]) == (3, "mobile")
    shown_text = page_text(app) + str([f.value.to_dict("records") for f in app.dataframe])
    for value in ("900123", "7946", "ada.okafor"):
        assert value not in shown_text
