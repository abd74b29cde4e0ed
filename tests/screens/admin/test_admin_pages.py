"""The administrator's Users and Audit log pages, driven headless with Streamlit's AppTest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from models import AuditEvent, User
from screening.policy import CurrentUser
from tests import factories
from tests.screens.conftest import page_text
from ui.shell.auth import AuthState

ROOT = Path(__file__).resolve().parents[3]
USERS, AUDIT = "app_pages/admin_users.py", "app_pages/admin_audit.py"
EPR = "app_pages/admin_fhir.py"
NON_ADMIN_ROLES = ["clinic_staff", "psychologist", "service_manager"]
PASSWORD = "lilac-teapot-harbour"


def open_page(app: AppTest, page: str) -> AppTest:
    app.run()
    return app.switch_page(page).run()


def open_by_url(app: AppTest, page: str) -> AppTest:
    """What a typed URL sends: the page's script hash (st.Page hashes its url path, the file stem).

    AppTest.switch_page refuses a page outside the navigation before the app sees the
    request, so this sets the request the way a browser would.
    """
    app._page_hash = calc_hash(Path(page).stem)
    return app.run()


def titles(app: AppTest) -> list[str]:
    return [t.value for t in app.title]


def fill_new_user(app: AppTest, *, again: str = PASSWORD) -> None:
    app.text_input(key="admin_users_new_username").set_value("Nurse.Bea")
    app.text_input(key="admin_users_new_name").set_value("Bea Mensah")
    app.selectbox(key="admin_users_new_role").set_value("psychologist")
    app.multiselect(key="admin_users_new_sites").set_value(["GUY"])
    app.text_input(key="admin_users_new_password").set_value(PASSWORD)
    app.text_input(key="admin_users_new_password_again").set_value(again)


def submit(app: AppTest, label: str) -> AppTest:
    (button,) = [b for b in app.button if b.label == label]
    return button.click().run()


def test_an_administrator_adds_a_user_through_the_form_and_sees_it_in_the_table(
    app: AppTest, as_user, db_session: Session
) -> None:
    as_user("administrator")
    factories.site(db_session, code="GUY", name="Guy's Hospital")
    db_session.commit()
    open_page(app, USERS)
    fill_new_user(app)
    submit(app, "Add user")
    assert not app.exception
    assert [s.value for s in app.success] == ["Added nurse.bea (Psychologist)."]
    table = app.dataframe[0].value
    row = table[table["Username"] == "nurse.bea"].iloc[0]
    assert (row["Name"], row["Role"], row["Sites"]) == ("\u2068Bea Mensah\u2069", "Psychologist", "GUY")
    assert (row["Active"], row["PIN set"]) == ("Yes", "No")
    assert PASSWORD not in page_text(app)  # never echoed


def test_a_different_second_password_is_refused_and_nothing_is_saved(
    app: AppTest, as_user, db_session: Session
) -> None:
    as_user("administrator")
    factories.site(db_session, code="GUY")
    db_session.commit()
    open_page(app, USERS)
    fill_new_user(app, again=PASSWORD + "x")
    submit(app, "Add user")
    assert not app.exception
    assert "The two passwords are not the same" in app.error[0].value
    assert db_session.scalar(select(User.id).where(User.username == "nurse.bea")) is None


def test_an_administrator_switches_a_user_off_and_the_change_is_audited(
    app: AppTest, as_user, db_session: Session
) -> None:
    as_user("administrator")
    target = factories.user(db_session, username="nurse.cat")
    db_session.commit()
    open_page(app, USERS)
    app.selectbox(key="admin_users_target").set_value(target.id).run()
    submit(app, "Switch off")
    assert not app.exception
    assert [s.value for s in app.success] == ["nurse.cat is switched off."]
    table = app.dataframe[0].value
    assert table[table["Username"] == "nurse.cat"].iloc[0]["Active"] == "No"
    db_session.expire_all()
    assert db_session.scalar(select(AuditEvent.action).where(AuditEvent.entity_id == str(target.id))) == (
        "user.deactivated")  # fmt: skip


@pytest.mark.parametrize("page", [USERS, AUDIT, EPR])
@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_a_non_administrator_cannot_open_an_administrator_page(app: AppTest, as_user, role: str, page: str) -> None:
    as_user(role)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(page)  # not in this role's navigation
    open_by_url(app, page)
    assert not app.exception
    assert titles(app) == ["Mind & Body screening"]  # Streamlit serves the default page instead
    columns = {column for frame in app.dataframe for column in frame.value.columns}
    assert not columns & {"Username", "Action"}


@pytest.mark.parametrize(("page", "title"), [(USERS, "Users"), (AUDIT, "Audit log"), (EPR, "EPR deliveries")])
def test_an_administrator_reaches_each_page_by_its_url(app: AppTest, as_user, page: str, title: str) -> None:
    as_user("administrator")
    app.run()
    open_by_url(app, page)  # the same request as above reaches the page when the role has it
    assert not app.exception and titles(app) == [title]


REFUSALS = [(USERS, "cannot manage users"), (AUDIT, "cannot read the audit log"),
            (EPR, "cannot see or resend deliveries to the EPR")]  # fmt: skip


@pytest.mark.parametrize(("page", "refusal"), REFUSALS)
@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_the_page_guard_refuses_a_non_administrator_who_reaches_the_script(role: str, page: str, refusal: str) -> None:
    at = AppTest.from_file(str(ROOT / page), default_timeout=30)
    at.session_state["auth.current"] = AuthState(user=CurrentUser(1, "someone", "Some One", role, None))
    at.run()
    assert not at.exception
    assert refusal in at.error[0].value
    assert not at.title and not at.dataframe and not at.button  # stopped before any admin content


def test_the_audit_page_filters_by_action(app: AppTest, as_user, db_session: Session) -> None:
    admin = as_user("administrator")
    now = datetime.now(UTC)
    for action in ("user.created", "auth.sign_in", "user.unlocked"):
        db_session.add(AuditEvent(at=now, actor=admin.username, action=action, entity_type="user", entity_id="1"))
    db_session.commit()
    open_page(app, AUDIT)
    assert sorted(app.dataframe[0].value["Action"]) == ["auth.sign_in", "user.created", "user.unlocked"]
    app.text_input(key="admin_audit_action").set_value("user.")
    submit(app, "Show")
    assert not app.exception
    assert list(app.dataframe[0].value["Action"]) == ["user.unlocked", "user.created"]


def test_preparing_the_audit_csv_records_the_export(app: AppTest, as_user, db_session: Session) -> None:
    admin = as_user("administrator")
    db_session.add(AuditEvent(at=datetime.now(UTC), actor=admin.username, action="user.created",
                              entity_type="user", entity_id="1"))  # fmt: skip
    db_session.commit()
    open_page(app, AUDIT)
    assert not app.get("download_button")  # reading the log makes no file and records no export
    assert db_session.scalar(select(AuditEvent.id).where(AuditEvent.action == "audit.exported")) is None
    submit(app, "Prepare CSV")
    assert not app.exception
    exported = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.exported")).all()
    assert [(e.actor_user_id, e.detail["rows"]) for e in exported] == [(admin.id, 1)]
    (download,) = app.get("download_button")
    assert download.label == "Download the CSV"


def test_a_malformed_action_filter_is_refused_with_a_message(app: AppTest, as_user) -> None:
    as_user("administrator")
    open_page(app, AUDIT)
    app.text_input(key="admin_audit_action").set_value("<script>alert(1)</script>")
    submit(app, "Show")
    assert not app.exception
    assert app.error[0].value.startswith("action: must be the start of an action code")
    assert not app.dataframe


def test_the_audit_page_checks_the_chain_and_names_a_changed_row(app: AppTest, as_user, db_session: Session) -> None:
    admin = as_user("administrator")
    db_session.add(AuditEvent(at=datetime.now(UTC), actor=admin.username, action="user.created",
                              entity_type="user", entity_id="1"))  # fmt: skip
    db_session.commit()
    open_page(app, AUDIT)
    submit(app, "Check the chain")
    assert not app.exception and "chain intact" in app.success[0].value
    changed = db_session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()))
    guard_off = {  # as the schema owner (or whoever holds the SQLite file) could
        "postgresql": "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "sqlite": "DROP TRIGGER audit_events_no_update",
    }[db_session.get_bind().dialect.name]
    db_session.execute(text(guard_off))
    db_session.execute(text(f"UPDATE audit_events SET action = 'user.viewed' WHERE id = {changed}"))
    db_session.commit()
    submit(app, "Check the chain")
    assert app.error[0].value.startswith(f"Audit chain broken at row {changed} (")
