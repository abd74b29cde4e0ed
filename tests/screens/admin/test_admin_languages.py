"""The administrator's Languages page: the catalogue, a preview, sign-off and import (issue 16)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AuditEvent, Translation
from screening.languages.services.translation_import import import_translation
from tests.screens.conftest import page_text
from tests.translation_files import RIGHT_TO_LEFT, translation_file

PAGE = "app_pages/admin_languages.py"
CONFIRM = "I have checked this against the published translation named above"


def open_page(app: AppTest, as_user, role: str = "administrator") -> AppTest:
    as_user(role)
    app.run()
    return app.switch_page(PAGE).run()


def table(app: AppTest) -> list[dict[str, object]]:
    (frame,) = [f.value for f in app.dataframe]
    return frame.to_dict("records")


def upload(app: AppTest, name: str, text: str) -> AppTest:
    app.file_uploader(key="admin_languages_file").set_value((name, text.encode("utf-8"), "application/toml"))
    app.button(key="FormSubmitter:admin_languages_import-Import").click().run()
    assert not app.exception
    return app


def stored(db_session: Session) -> list[tuple[str, str, bool]]:
    db_session.expire_all()
    rows = db_session.scalars(select(Translation).order_by(Translation.language, Translation.part))
    return [(r.language, r.part, r.signed_off_at is not None) for r in rows]


def test_with_no_translation_the_page_says_patients_are_offered_english_only(app, as_user) -> None:
    open_page(app, as_user)
    assert not app.exception
    assert "No translation is imported yet: patients are offered English only." in page_text(app)


def test_an_administrator_imports_a_file_and_sees_it_listed_as_not_signed_off(app, as_user, db_session) -> None:
    open_page(app, as_user)
    upload(app, "qaa.toml", translation_file())
    assert [s.value for s in app.success] == [
        "Imported qaa: patient_text, phq9, gad7, phq4, auditc. Not signed off yet."
    ]
    rows = table(app)
    assert [(r["Language"], r["Part"], r["Status"], r["Offered"]) for r in rows][:2] == [
        ("qaa", "patient_text", "not signed off", "No"), ("qaa", "phq9", "not signed off", "No")]  # fmt: skip
    assert rows[0]["Version"] == "2024-1" and str(rows[0]["Source"]).startswith("Generated from the English master")


def test_a_refused_file_shows_every_problem_and_stores_nothing(app, as_user, db_session) -> None:
    open_page(app, as_user)
    upload(app, "broken.toml", translation_file().replace("{count}", "many"))
    assert app.error[0].value.startswith("The file was refused: nothing was imported.")
    (problems,) = [c.value for c in app.code]
    assert "patient_text: waiting_many has lost the placeholder {count}" in problems
    assert stored(db_session) == []


def test_signing_off_needs_the_confirmation_then_offers_the_language(app, as_user, db_session: Session) -> None:
    import_translation(db_session, translation_file())
    db_session.commit()
    open_page(app, as_user)
    app.selectbox(key="admin_languages_preview").set_value("qaa").run()
    app.button(key="FormSubmitter:admin_languages_sign_off-Sign off").click().run()
    assert "Tick the box first" in app.error[0].value
    assert {signed for _, _, signed in stored(db_session)} == {False}
    app.checkbox(key="admin_languages_sign_off_confirm").check()
    app.button(key="FormSubmitter:admin_languages_sign_off-Sign off").click().run()
    assert [s.value for s in app.success] == ["Signed off qaa: patient_text, phq9, gad7, phq4, auditc."]
    assert {signed for _, _, signed in stored(db_session)} == {True}
    assert {r["Status"] for r in table(app)} == {"signed off"} and {r["Offered"] for r in table(app)} == {"Yes"}
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "translation")).all()
    assert actions == ["translation.imported", "translation.signed_off"]


def test_the_preview_shows_the_instrument_and_patient_text_as_the_patient_reads_them(app, as_user, db_session) -> None:
    import_translation(db_session, translation_file())
    db_session.commit()
    open_page(app, as_user)
    app.selectbox(key="admin_languages_preview").set_value("qaa").run()
    text = page_text(app)
    assert "[Ļíţţļé íñţéŕéšţ öŕ þļéåšûŕé íñ ðöíñĝ ţĥíñĝš" in text  # PHQ-9 item 1
    assert "\\[Ñöţ åţ åļļ one\\] · \\[Šéṽéŕåļ ðåýš one two\\]" in text  # its first option, escaped for Markdown
    assert "\\[Ǫûéšţíöñ \\{number\\} öƒ \\{total\\} one two three\\]" in text  # question_of
    assert CONFIRM in [c.label for c in app.checkbox]


def test_a_right_to_left_test_language_is_previewed_right_to_left_and_cannot_be_signed_off(
    app, as_user, db_session
) -> None:
    import_translation(db_session, RIGHT_TO_LEFT)
    db_session.commit()
    open_page(app, as_user)
    app.selectbox(key="admin_languages_preview").set_value("ar-XB").run()
    assert not app.exception
    assert any("direction: rtl" in html.proto.body for html in app.get("html"))
    assert not app.checkbox  # no sign-off form for a test language
    assert table(app)[0]["Name"] == "Right-to-left test language (test)"


@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "service_manager"])
def test_only_an_administrator_reaches_the_page(app, as_user, role: str) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(app, as_user, role)
