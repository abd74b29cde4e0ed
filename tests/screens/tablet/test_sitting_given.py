"""The staff sitting page says how the sitting was given, and staff record "Interpreter used" (issue 16)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from models import AuditEvent, ScreeningSession
from tests.screens.conftest import page_text
from tests.screens.tablet.test_sitting_page import open_sitting, sitting  # noqa: F401  (the fixture)


def interpreter(app: AppTest, sitting_id: int):
    return next(b for b in app.get("button_group") if b.key == f"sitting_{sitting_id}_interpreter")


def stored(db_session, sitting_id: int) -> bool | None:
    db_session.expire_all()
    return db_session.get_one(ScreeningSession, sitting_id).interpreter_used


def audits(db_session) -> list[dict | None]:
    return list(
        db_session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "session.interpreter_recorded"))
    )


def test_a_new_sitting_shows_english_no_read_aloud_and_interpreter_not_recorded(app, sitting) -> None:
    open_sitting(app, sitting)
    assert not app.exception
    text = page_text(app)
    assert "Language of administration: **\u2068English\u2069**" in text  # bidi-isolated
    assert "Read aloud used: **No**" in text
    assert interpreter(app, sitting).value == "not_recorded"
    assert [o.content for o in interpreter(app, sitting).proto.options] == ["Yes", "No", "Not recorded"]


@pytest.mark.parametrize(("choice", "used", "code"), [("yes", True, "yes"), ("no", False, "no")])
def test_each_tap_on_interpreter_used_is_stored_and_audited_once(app, db_session, sitting, choice, used,
                                                                 code) -> None:  # fmt: skip
    open_sitting(app, sitting)
    interpreter(app, sitting).set_value(choice).run()
    assert stored(db_session, sitting) is used
    assert audits(db_session) == [{"interpreter_used": code}]
    app.run()  # a re-run with nothing tapped writes nothing
    assert len(audits(db_session)) == 1
    interpreter(app, sitting).set_value("not_recorded").run()
    assert stored(db_session, sitting) is None
    assert interpreter(app, sitting).value == "not_recorded"


def test_the_control_shows_what_a_colleague_stored_and_a_re_run_never_writes_it_back(app, db_session, sitting) -> None:
    open_sitting(app, sitting)
    interpreter(app, sitting).set_value("yes").run()
    db_session.execute(update(ScreeningSession).values(interpreter_used=False))  # a colleague's answer
    db_session.commit()
    app.run()
    assert interpreter(app, sitting).value == "no"
    assert stored(db_session, sitting) is False


def test_the_language_is_named_in_its_own_script_and_in_english_with_read_aloud(app, db_session, sitting) -> None:
    db_session.execute(update(ScreeningSession).values(language="so", read_aloud_used=True))
    db_session.commit()
    open_sitting(app, sitting)
    text = page_text(app)
    assert "Soomaali" in text and "(Somali)" in text
    assert "Read aloud used: **Yes**" in text
