"""Telling a database outage from a refusal, and replaying a queue of answers (issue 14).

The tablet keeps answers while `unreachable` says the database is out of reach, and may
replay them after a commit whose reply was lost: the replay must change nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from models import Answer, Flag
from screening.database.services.database import DatabaseUnavailable, open_database
from screening.database.services.reachability import kind, unreachable
from screening.errors import ConflictError
from screening.sittings.services.patient_screen import Where, save_answers
from tests.integration.patient_mode.test_patient_mode import NOW, clinic_day, hand_over  # noqa: F401 - fixture

NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"  # the discard port: nothing listens


def test_a_refused_connection_is_an_outage_and_its_log_name_carries_no_text() -> None:
    engine = create_engine(NOWHERE)
    with pytest.raises(Exception) as refused, engine.connect() as connection:
        connection.execute(text("select 1"))
    assert unreachable(refused.value)
    assert kind(refused.value) == "OperationalError (OperationalError)"


def test_a_database_that_cannot_be_opened_is_an_outage_but_a_malformed_url_is_a_setting_to_fix() -> None:
    with pytest.raises(DatabaseUnavailable) as down:
        open_database(NOWHERE)
    assert unreachable(down.value)
    with pytest.raises(DatabaseUnavailable) as malformed:
        open_database("not a url")
    assert not unreachable(malformed.value)


def test_a_refusal_from_the_rules_is_not_an_outage() -> None:
    assert not unreachable(ConflictError("This questionnaire is closed."))
    assert not unreachable(ValueError("a bug"))


def test_replaying_a_queue_of_answers_stores_each_once_and_keeps_one_item9_flag(db_session, clinic_day) -> None:
    _, visit, staff = clinic_day
    where = Where(handover_id=hand_over(db_session, visit, staff).handover_id)
    queue = [("phq9", "phq9_1", 2), ("phq9", "phq9_9", 1), ("gad7", "gad7_1", "declined")]
    for _ in range(2):  # the first commit's reply was lost: the tablet sends the whole queue again
        for instrument, item, value in queue:
            save_answers(db_session, actor=staff, where=where, instrument_id=instrument, answers={item: value},
                         now=NOW)  # fmt: skip
        db_session.commit()
    stored = db_session.execute(select(Answer.item_id, Answer.value_number, Answer.declined)).all()
    assert sorted(stored) == [("gad7_1", None, True), ("phq9_1", 2.0, False), ("phq9_9", 1.0, False)]
    assert db_session.scalars(select(Flag.rule_code)).all() == ["phq9_item9_positive"]
