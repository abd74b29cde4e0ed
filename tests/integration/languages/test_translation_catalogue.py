"""Importing, signing off and offering translations, audited, on each database (issue 16, s9)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import AuditEvent, Translation
from questionnaires.translation_master import PARTS, master_fingerprint
from screening.access.services import accounts
from screening.errors import ConflictError, NotFound, PermissionDenied
from screening.languages.services.catalogue import OfferedLanguage, language_content, list_languages, offered_languages
from screening.languages.services.translation_import import import_translation, sign_off
from screening.policy import CurrentUser
from tests.translation_files import RIGHT_TO_LEFT, translation_file

ENGLISH = OfferedLanguage("en", "English", "ltr", False)


def user(session: Session, role: str = "administrator") -> CurrentUser:
    made = accounts.create_user(session, username=f"{role}.one", display_name="Ada Okafor", role=role,
                                password="lilac-teapot-harbour", site_codes=None, actor=None)  # fmt: skip
    return accounts.load_current_user(session, made.id)


def events(session: Session) -> list[tuple[str, str, str | None, dict]]:
    rows = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "translation").order_by(AuditEvent.id))
    return [(e.action, e.actor, e.entity_id, e.detail) for e in rows]


def stored(session: Session, language: str = "qaa") -> dict[str, Translation]:
    return {r.part: r for r in session.scalars(select(Translation).where(Translation.language == language))}


def test_a_valid_file_stores_every_part_with_provenance_unsigned_and_audited(db_session: Session) -> None:
    admin = user(db_session)
    result = import_translation(db_session, translation_file(), actor=admin)
    assert result.imported and (result.language, result.parts) == ("qaa", PARTS)
    rows = stored(db_session)
    assert set(rows) == set(PARTS)
    phq9 = rows["phq9"]
    assert (phq9.version, phq9.test_language, phq9.imported_by, phq9.signed_off_at) == (
        "2024-1",
        False,
        admin.username,
        None,
    )
    assert phq9.source.startswith("Generated from the English master")
    assert phq9.master_fingerprint == master_fingerprint("phq9")
    assert json.loads(phq9.content)["item"][0]["linkId"] == "phq9_1"
    assert events(db_session) == [("translation.imported", admin.username, "qaa",
        {"language": "qaa", "parts": list(PARTS), "replaced": [], "test_language": False})]  # fmt: skip


def test_a_file_with_any_problem_stores_nothing_and_lists_every_problem(db_session: Session) -> None:
    broken = translation_file().replace("{total}", "all").replace('linkId = "gad7_4"', 'linkId = "gad7_44"')
    result = import_translation(db_session, broken)
    assert not result.imported and result.parts == ()
    assert len(result.problems) == 3  # the lost placeholder, the unknown item, the missing gad7_4
    assert all(problem.startswith("line ") for problem in result.problems[:2])
    assert stored(db_session) == {}
    assert events(db_session) == [("translation.refused", "command line", None, {"problems": 3})]


def test_a_file_that_is_not_utf8_is_refused(db_session: Session) -> None:
    result = import_translation(db_session, translation_file().encode("utf-16"))
    assert result.problems == ("the file is not UTF-8 text: save it as UTF-8 and try again",)


def test_reimporting_a_part_replaces_it_and_clears_its_sign_off(db_session: Session) -> None:
    admin = user(db_session)
    import_translation(db_session, translation_file(), actor=admin)
    sign_off(db_session, admin, "qaa")
    result = import_translation(
        db_session, translation_file(version="2025-2", without=("phq9", "gad7", "phq4", "auditc"))
    )
    assert result.parts == ("patient_text",)
    rows = stored(db_session)
    assert (rows["patient_text"].version, rows["patient_text"].signed_off_at) == ("2025-2", None)
    assert rows["phq9"].signed_off_by_id == admin.user_id  # the parts not in the file keep theirs
    assert events(db_session)[-1][3]["replaced"] == ["patient_text"]


def test_an_administrator_signs_a_language_off_and_it_is_offered_to_patients(db_session: Session) -> None:
    admin = user(db_session)
    import_translation(db_session, translation_file(), actor=admin)
    assert offered_languages(db_session, demo=False) == (ENGLISH,)
    assert language_content(db_session, "qaa", demo=False) == {}
    assert sign_off(db_session, admin, "qaa") == PARTS
    assert offered_languages(db_session, demo=False) == (ENGLISH, OfferedLanguage("qaa", "qaa", "ltr", False))
    assert set(language_content(db_session, "qaa", demo=False)) == set(PARTS)
    (language,) = list_languages(db_session, admin)
    assert {p.status for p in language.parts} == {"signed off"} and language.offered
    assert {p.signed_off_by for p in language.parts} == {"Ada Okafor"}
    assert events(db_session)[-1] == (
        "translation.signed_off",
        admin.username,
        "qaa",
        {"language": "qaa", "parts": list(PARTS)},
    )


@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "service_manager"])
def test_only_an_administrator_may_import_sign_off_or_list(db_session: Session, role: str) -> None:
    someone = user(db_session, role)
    with pytest.raises(PermissionDenied, match="cannot import or sign off translations"):
        import_translation(db_session, translation_file(), actor=someone)
    import_translation(db_session, translation_file())
    with pytest.raises(PermissionDenied):
        sign_off(db_session, someone, "qaa")
    with pytest.raises(PermissionDenied):
        list_languages(db_session, someone)


def test_a_language_missing_a_part_is_not_offered_even_when_signed_off(db_session: Session) -> None:
    admin = user(db_session)
    import_translation(db_session, translation_file(without=("auditc",)))
    sign_off(db_session, admin, "qaa")
    (language,) = list_languages(db_session)
    assert (language.missing, language.offered) == (("auditc",), False)
    assert offered_languages(db_session, demo=False) == (ENGLISH,)
    assert offered_languages(db_session, demo=True) == (ENGLISH,)


def test_a_signed_off_part_whose_master_changed_needs_review_and_is_withdrawn(db_session: Session) -> None:
    admin = user(db_session)
    import_translation(db_session, translation_file())
    sign_off(db_session, admin, "qaa")
    # As if the GAD-7 master's wording had changed since the import: the fingerprints differ.
    db_session.execute(update(Translation).where(Translation.part == "gad7").values(master_fingerprint="0" * 64))
    (language,) = list_languages(db_session)
    assert {p.part: p.status for p in language.parts}["gad7"] == "needs review"
    assert offered_languages(db_session, demo=False) == (ENGLISH,)
    with pytest.raises(ConflictError, match="gad7 no longer match the English master"):
        sign_off(db_session, admin, "qaa")


def test_test_languages_are_offered_unsigned_in_demo_mode_only_and_cannot_be_signed_off(db_session: Session) -> None:
    admin = user(db_session)
    import_translation(db_session, translation_file("en-XA", test_language=True), via="demo-data")
    import_translation(db_session, RIGHT_TO_LEFT, via="demo-data")
    assert offered_languages(db_session, demo=False) == (ENGLISH,)
    assert offered_languages(db_session, demo=True) == (
        ENGLISH,
        OfferedLanguage("en-XA", "English (accented test language)", "ltr", True),
        OfferedLanguage("ar-XB", "Right-to-left test language", "rtl", True),
    )
    assert language_content(db_session, "ar-XB", demo=True)["phq9"]["item"][0]["text"].startswith("\u202e")
    with pytest.raises(ConflictError, match="generated test language"):
        sign_off(db_session, admin, "en-XA")
    assert events(db_session)[0][1] == "demo-data"


def test_a_preview_shows_an_unsigned_language_that_patients_are_not_offered(db_session: Session) -> None:
    import_translation(db_session, translation_file(without=("phq4",)))
    assert language_content(db_session, "qaa", demo=False) == {}
    assert set(language_content(db_session, "qaa", demo=False, preview=True)) == set(PARTS) - {"phq4"}


def test_signing_off_a_language_never_imported_names_the_next_step(db_session: Session) -> None:
    with pytest.raises(NotFound, match="import its file first"):
        sign_off(db_session, user(db_session), "so")
