"""The welcome screen's language chooser under AppTest (issue 16): names in their own script,
the preferred language preselected, the choice stored on Start, right-to-left where it reads so."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from models import AuditEvent, ScreeningSession
from tests import factories
from tests.screens.tablet.test_patient_screen import tap
from tests.screens.tablet.test_sign_in_and_patient_mode import hand_over
from ui.tablet import wording
from ui.tablet.wording import LanguageChoice

OFFERED = (LanguageChoice("en", "English"), LanguageChoice("so", "Soomaali"), LanguageChoice("ar", "العربية", "rtl"))


@pytest.fixture
def three_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wording, "offered", lambda: OFFERED)
    monkeypatch.setattr(wording, "direction", lambda tag: "rtl" if tag == "ar" else "ltr")


@pytest.fixture
def preferring(monkeypatch: pytest.MonkeyPatch):
    """`preferring("Somali")`: the next patients made have that PAS preferred language."""

    def prefer(language: str) -> None:
        made = factories.patient
        monkeypatch.setattr(factories, "patient", lambda db, **fields: made(db, **{"preferred_language": language,
                                                                                   **fields}))  # fmt: skip

    return prefer


def welcome(app: AppTest, db_session) -> AppTest:
    return hand_over(app, db_session)


def chooser(app: AppTest):
    """The language chooser, or None (the text-size control is a button group too)."""
    return next((b for b in app.get("button_group") if b.key == "pm_language"), None)


def stored_language(db_session) -> str:
    db_session.expire_all()
    return db_session.scalars(select(ScreeningSession.language)).one()


def language_audits(db_session) -> list[dict | None]:
    return list(db_session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "session.language_set")))


def right_to_left(app: AppTest) -> bool:
    return any("direction: rtl" in str(getattr(element, "proto", "")) for element in app.get("html"))


def test_the_chooser_names_each_language_in_its_own_script_and_preselects_the_preferred_one(
    app, db_session, three_languages, preferring
) -> None:
    preferring("Somali")
    welcome(app, db_session)
    languages = chooser(app)
    assert [o.content for o in languages.proto.options] == ["English", "Soomaali", "العربية"]
    assert languages.value == "so"
    assert stored_language(db_session) == "en"  # nothing stored until the patient starts
    app.button(key="pm_start").click().run()
    assert stored_language(db_session) == "so"
    assert language_audits(db_session) == [{"language": "so"}]


def test_choosing_arabic_turns_the_page_right_to_left_and_start_stores_it(app, db_session, three_languages) -> None:
    welcome(app, db_session)
    assert not right_to_left(app)
    chooser(app).set_value("ar").run()
    assert right_to_left(app)
    app.button(key="pm_start").click().run()
    assert stored_language(db_session) == "ar"
    assert right_to_left(app)  # the questionnaire keeps the sitting's direction
    assert app.subheader[0].value == "Little interest or pleasure in doing things"


def test_a_patient_whose_preferred_language_is_not_offered_starts_in_english_with_nothing_recorded(
    app, db_session, three_languages, preferring
) -> None:
    preferring("Polish")
    welcome(app, db_session)
    assert chooser(app).value == "en"
    app.button(key="pm_start").click().run()
    assert (stored_language(db_session), language_audits(db_session)) == ("en", [])


def test_with_one_language_offered_there_is_nothing_to_choose(app, db_session, preferring) -> None:
    preferring("Somali")
    welcome(app, db_session)
    assert chooser(app) is None
    app.button(key="pm_start").click().run()
    assert (stored_language(db_session), language_audits(db_session)) == ("en", [])


def test_after_the_first_answer_a_new_browser_session_offers_no_choice_and_keeps_the_language(
    app, db_session, three_languages
) -> None:
    welcome(app, db_session)
    chooser(app).set_value("ar").run()
    app.button(key="pm_start").click().run()
    tap(app, "Several days")
    fresh = AppTest.from_file(app._script_path, default_timeout=30)
    for key in ("auth.user_id", "auth.staff_checked", "auth.handover_id"):
        fresh.session_state[key] = app.session_state[key]
    fresh.run()
    assert fresh.title[0].value == "Welcome" and chooser(fresh) is None
    assert right_to_left(fresh)
    fresh.button(key="pm_start").click().run()
    assert stored_language(db_session) == "ar" and len(language_audits(db_session)) == 1


def test_a_test_language_is_never_preselected_for_a_patient_who_prefers_its_real_language(
    app, db_session, monkeypatch, preferring
) -> None:
    demo_offer = (LanguageChoice("en", "English"), LanguageChoice("ar-XB", "Right-to-left test language", "rtl", True))
    monkeypatch.setattr(wording, "offered", lambda: demo_offer)
    preferring("Arabic")
    welcome(app, db_session)
    assert chooser(app).value == "en"  # "ar-XB" is Arabic only by its subtag: a generated test text
