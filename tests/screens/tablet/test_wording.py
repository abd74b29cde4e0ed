"""The tablet's words come from the catalogue: English from the master, another language only
while it is offered (signed off, or any complete language in demo mode), English otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from questionnaires import load_instrument
from questionnaires.patient_text import TEXT_DIR, patient_text
from screening.access.services import accounts
from screening.languages.services.translation_import import import_translation, sign_off
from tests.translation_files import RIGHT_TO_LEFT, translation_file
from ui.tablet import wording
from ui.tablet.wording import LanguageChoice


@pytest.fixture
def catalogue(db_url: str, db_session: Session, monkeypatch: pytest.MonkeyPatch):
    """The app's database holds a signed-off private-use language and the unsigned right-to-left test one."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    admin = accounts.create_user(db_session, username="admin.one", display_name="Ada Okafor", role="administrator",
                                 password="lilac-teapot-harbour", site_codes=None, actor=None)  # fmt: skip
    import_translation(db_session, translation_file())
    import_translation(db_session, RIGHT_TO_LEFT)
    sign_off(db_session, accounts.load_current_user(db_session, admin.id), "qaa")
    db_session.commit()

    def in_mode(demo: bool) -> None:
        monkeypatch.setattr(wording, "demo_mode", lambda: demo)

    in_mode(False)
    yield in_mode
    wording._offered.clear()
    wording._content.clear()
    wording._LAST_READ.clear()


def test_english_reads_the_master(catalogue) -> None:
    assert wording.words("en") == patient_text()
    assert wording.instrument("phq9", "en") is load_instrument("phq9")
    assert wording.direction("en") == "ltr"


def test_a_sites_own_english_patient_text_is_still_used(catalogue, tmp_path: Path, monkeypatch) -> None:
    own = tmp_path / "site.toml"
    own.write_text((TEXT_DIR / "en.toml").read_text(encoding="utf-8").replace('"Finish"', '"Done"'), encoding="utf-8")
    monkeypatch.setenv("SCREENING_PATIENT_TEXT", str(own))
    assert wording.words("en").finish == "Done"


def test_a_signed_off_language_is_offered_and_read_from_the_catalogue(catalogue) -> None:
    assert wording.offered() == (LanguageChoice("en", "English"), LanguageChoice("qaa", "qaa"))
    words = wording.words("qaa")
    assert (words.language, words.finish) == ("qaa", "[Ƒíñíšĥ one]")
    phq9 = wording.instrument("phq9", "qaa")
    assert phq9.items[8].text.startswith("[Ţĥöûĝĥţš ţĥåţ ýöû ŵöûļð ƀé ƀéţţéŕ öƒƒ ðéåð")
    assert phq9.link_ids == load_instrument("phq9").link_ids and phq9.score == load_instrument("phq9").score


def test_an_instrument_without_a_translation_reads_the_master(catalogue) -> None:
    assert wording.instrument("vital5", "qaa") is load_instrument("vital5")


def test_an_unsigned_test_language_reads_english_outside_demo_mode(catalogue) -> None:
    assert wording.words("ar-XB") == patient_text()
    assert wording.instrument("gad7", "ar-XB") is load_instrument("gad7")
    assert "ar-XB" not in [choice.tag for choice in wording.offered()]


def test_demo_mode_offers_the_right_to_left_test_language(catalogue) -> None:
    catalogue(True)
    assert LanguageChoice("ar-XB", "Right-to-left test language", "rtl", True) in wording.offered()
    assert wording.words("ar-XB").start == "\u202eStart\u202c"
    assert wording.direction("ar-XB") == "rtl"


def test_while_the_database_is_out_of_reach_a_language_already_read_is_kept(catalogue, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    read = wording.words("qaa").start  # read once while the database answers
    assert read != patient_text().start

    def out_of_reach(*args: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(wording, "language_content", out_of_reach)
    wording._content.clear()  # the cached read has expired
    assert wording.words("qaa").start == read  # not English halfway through the sitting
    wording._LAST_READ.clear()
    with pytest.raises(OperationalError):  # never read: the calm screen says the database is out
        wording.words("qaa")
