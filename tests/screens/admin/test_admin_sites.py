"""The administrator's Sites and clinics page: the tables, adding each, duplicates refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AuditEvent, Clinic
from screening.policy import CurrentUser
from tests.import_files import reference_data
from ui.shell.auth import AuthState

ROOT = Path(__file__).resolve().parents[3]
PAGE = "app_pages/admin_sites.py"
NON_ADMIN_ROLES = ["clinic_staff", "psychologist", "service_manager"]


def open_sites(app: AppTest, as_user) -> AppTest:
    as_user("administrator")
    app.run()
    return app.switch_page(PAGE).run()


def add_site(app: AppTest, code: str, name: str) -> AppTest:
    app.text_input(key="admin_sites_new_site_code").set_value(code)
    app.text_input(key="admin_sites_new_site_name").set_value(name)
    app.button(key="FormSubmitter:admin_sites_new_site-Add site").click().run()
    assert not app.exception
    return app


def add_clinic(app: AppTest, site: str | None, code: str, *, bundle: str = "full") -> AppTest:
    if site is not None:
        app.selectbox(key="admin_sites_new_clinic_site").set_value(site)
    app.text_input(key="admin_sites_new_clinic_code").set_value(code)
    app.text_input(key="admin_sites_new_clinic_name").set_value("Haemostasis")
    app.selectbox(key="admin_sites_new_clinic_specialty").set_value("haemostasis_thrombosis")
    app.radio(key="admin_sites_new_clinic_bundle").set_value(bundle)
    app.button(key="FormSubmitter:admin_sites_new_clinic-Add clinic").click().run()
    assert not app.exception
    return app


def rows(app: AppTest, column: str) -> list[dict[str, object]]:
    (frame,) = [f.value for f in app.dataframe if column in f.value.columns]
    return frame.to_dict("records")


def test_the_page_lists_every_site_and_clinic(app, as_user, db_session: Session) -> None:
    reference_data(db_session)
    db_session.commit()
    open_sites(app, as_user)
    assert [(r["Code"], r["Clinics"]) for r in rows(app, "Clinics")] == [("GUY", 1), ("KCH", 1)]
    clinics = rows(app, "Specialty")
    assert [(r["Site"], r["Code"], r["Bundle"], r["Active"]) for r in clinics] == [
        ("GUY", "GUY-HBO", "full", "Yes"), ("KCH", "KCH-ONC", "full", "Yes")]  # fmt: skip


def test_an_administrator_adds_a_site_and_sees_it_listed(app, as_user, db_session: Session) -> None:
    admin = as_user("administrator")
    app.run()
    app.switch_page(PAGE).run()
    add_site(app, " stt ", "St Thomas' Hospital")
    assert [s.value for s in app.success] == ["Added site STT: St Thomas' Hospital."]
    assert [r["Code"] for r in rows(app, "Clinics")] == ["STT"]
    assert app.text_input(key="admin_sites_new_site_code").value == ""  # the form is ready for the next one
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "site.created"))
    assert event is not None and (event.actor, event.detail) == (admin.username, {"code": "STT"})


def test_a_duplicate_site_code_is_refused_and_the_form_keeps_what_was_typed(app, as_user, db_session) -> None:
    reference_data(db_session)
    db_session.commit()
    open_sites(app, as_user)
    add_site(app, "guy", "Guy's again")
    assert app.error[0].value == "A site with code GUY already exists; choose another code."
    assert not app.success
    assert app.text_input(key="admin_sites_new_site_name").value == "Guy's again"


def test_an_administrator_adds_a_clinic_with_its_specialty_and_bundle(app, as_user, db_session) -> None:
    reference_data(db_session)
    db_session.commit()
    open_sites(app, as_user)
    add_clinic(app, "KCH", "kch-hst", bundle="gateway")
    assert [s.value for s in app.success] == ["Added clinic KCH\\-HST at KCH: Haemostasis."]
    stored = db_session.scalar(select(Clinic).where(Clinic.code == "KCH-HST"))
    assert stored is not None and (stored.specialty, stored.bundle) == ("haemostasis_thrombosis", "gateway")
    assert "KCH-HST" in [r["Code"] for r in rows(app, "Specialty")]


def test_a_duplicate_clinic_code_is_refused_with_the_message(app, as_user, db_session) -> None:
    reference_data(db_session)
    db_session.commit()
    open_sites(app, as_user)
    add_clinic(app, "KCH", "GUY-HBO")  # clinic codes are unique across sites
    assert app.error[0].value == "A clinic with code GUY-HBO already exists; choose another code."
    assert len(rows(app, "Specialty")) == 2


def test_a_clinic_without_a_site_asks_for_the_site(app, as_user, db_session) -> None:
    reference_data(db_session)
    db_session.commit()
    open_sites(app, as_user)
    add_clinic(app, None, "GUY-NEW")
    assert app.error[0].value == "Choose the clinic's site first."
    assert db_session.scalar(select(Clinic).where(Clinic.code == "GUY-NEW")) is None


def test_a_site_name_is_shown_as_typed_in_the_message(app, as_user) -> None:
    open_sites(app, as_user)
    add_site(app, "EVL", "[click](http://evil.example) **now**")
    assert app.success[0].value.startswith("Added site EVL: \\[click\\]\\(http")


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_a_non_administrator_is_not_offered_the_sites_page(app, as_user, role) -> None:
    as_user(role)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_the_page_guard_refuses_a_non_administrator_who_reaches_the_script(role) -> None:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    at.session_state["auth.current"] = AuthState(user=CurrentUser(1, "someone", "Some One", role, None))
    at.run()
    assert "cannot manage sites and clinics" in at.error[0].value
    assert not at.title and not at.dataframe and not at.button
