"""The remote questionnaire's own entry (remote_app.py): the door, the date of birth, one sitting (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import ScreeningSession
from screening.remote.services.links import revoke
from tests.remote_links import BORN, an_invited_patient
from tests.screens.conftest import page_text

REMOTE_APP = str(Path(__file__).resolve().parents[3] / "remote_app.py")


@pytest.fixture
def remote(db_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", db_url)
    return AppTest.from_file(REMOTE_APP, default_timeout=30)


@pytest.fixture
def invited(db_session: Session):
    return an_invited_patient(db_session, at=datetime.now(UTC) + timedelta(days=2))


def born(at: AppTest, day: str, month: str, year: str) -> AppTest:
    at.text_input(key="rm_day").input(day)
    at.text_input(key="rm_month").input(month)
    at.text_input(key="rm_year").input(year)
    return at.button[-1].click().run()


def answer_everything(at: AppTest, *, item9: str) -> None:
    """Tap the first answer of every question (the given one for item 9) until Finish shows."""
    for _ in range(60):
        keys = [b.key for b in at.button if b.key]
        if "rm_finish" in keys:
            return
        at.button(key=item9 if item9 in keys else next(k for k in keys if k.endswith("_0"))).click().run()
    raise AssertionError("no Finish after 60 answers")


def test_without_a_link_the_page_says_how_to_open_it_and_shows_nothing_else(remote: AppTest) -> None:
    remote.run()
    assert "Check that you opened the whole link" in page_text(remote)
    assert not remote.text_input and not remote.exception


def test_the_remote_app_has_no_staff_page_and_no_sign_in(remote: AppTest, invited) -> None:
    remote.query_params["link"] = invited.token
    remote.run()
    text = page_text(remote)
    assert "Your date of birth" in text and "Sign in" not in text and "password" not in text.casefold()
    assert [b.key for b in remote.button] == ["FormSubmitter:rm_birth_date-Continue"]


def test_a_wrong_date_of_birth_is_refused_in_plain_words_and_the_right_one_admits(remote: AppTest, invited) -> None:
    remote.query_params["link"] = invited.token
    remote.run()
    born(remote, "28", "3", "1984")
    assert "does not match our records" in page_text(remote)
    born(remote, "31", "2", "1984")
    assert "for example 27 3 1985" in page_text(remote)
    born(remote, str(BORN.day), str(BORN.month), str(BORN.year))
    assert "Questions before your appointment" in page_text(remote)
    assert remote.button(key="rm_start")


def test_the_questionnaire_ends_with_the_remote_safety_message_after_item_9(
    remote: AppTest, invited, db_session: Session
) -> None:
    remote.query_params["link"] = invited.token
    remote.run()
    born(remote, str(BORN.day), str(BORN.month), str(BORN.year))
    remote.button(key="rm_start").click().run()
    answer_everything(remote, item9="rm_phq9_9_2")
    remote.button(key="rm_finish").click().run()
    text = page_text(remote)
    assert "Your clinic team will contact you" in text and "Samaritans on 116 123" in text
    assert "today" not in text.casefold()
    sitting = db_session.query(ScreeningSession).filter_by(attendance_id=invited.attendance_id).one()
    assert (sitting.status, sitting.remote) == ("completed", True)


def test_a_revoked_link_says_it_no_longer_works(remote: AppTest, invited, db_session: Session) -> None:
    revoke(db_session, invited.staff, invited.attendance_id, now=datetime.now(UTC))
    db_session.commit()
    remote.query_params["link"] = invited.token
    remote.run()
    assert "This link no longer works" in page_text(remote)
    assert not remote.text_input
