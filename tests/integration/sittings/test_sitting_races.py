"""Races on one sitting, with real connections in threads (issue 14): saves of the same answer,
and "Finish" against "Close as abandoned". On PostgreSQL the transactions really overlap; on
SQLite the writers queue behind one another."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import Answer, AuditEvent, Flag, Score, ScreeningSession
from questionnaires import load_instrument
from screening.errors import ConflictError
from screening.sittings.services.abandonment import close_sitting
from screening.sittings.services.completion import complete_session
from screening.sittings.services.patient_screen import Where, save_answers
from screening.sittings.services.sittings import record_answers
from tests.clinic_days import NOW, ClinicDay, a_clinic_day, a_started_sitting
from tests.concurrency import race

TABS = 6
PHQ9 = {f"phq9_{i}": 1 for i in range(1, 9)} | {"phq9_9": 2}  # 10, moderate -> ROUTINE; item 9 -> URGENT


def a_sitting(factory: sessionmaker[Session], answers: dict | None = None) -> tuple[ClinicDay, int]:
    with factory() as db:
        day = a_clinic_day(db)
        sitting_id = a_started_sitting(db, day)
        if answers:
            save_answers(db, actor=day.staff, where=Where(sitting_id=sitting_id), instrument_id="phq9", answers=answers)
        db.commit()
    return day, sitting_id


def counted(db: Session, *where: object, model: type = AuditEvent) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def actions(db: Session, action: str) -> int:
    return counted(db, AuditEvent.action == action)


def outcome(action: Callable[[Session], object]) -> Callable[[Session], str]:
    """The action's result as a word, or the ConflictError's message (the loser's)."""

    def run(db: Session) -> str:
        try:
            action(db)
            return "done"
        except ConflictError as error:
            db.rollback()
            return str(error)

    return run


def test_tabs_saving_the_same_new_answer_at_once_store_one_row_one_flag_and_one_audit(
    session_factory: sessionmaker[Session], db_session: Session
) -> None:
    day, sitting_id = a_sitting(session_factory)

    def save(db: Session) -> None:
        save_answers(db, actor=day.staff, where=Where(sitting_id=sitting_id), instrument_id="phq9",
                     answers={"phq9_1": 1, "phq9_9": 2}, now=NOW)  # fmt: skip

    race(session_factory, save, times=TABS)  # no IntegrityError: the upsert lets the database decide

    assert counted(db_session, Answer.session_id == sitting_id, model=Answer) == 2
    assert [
        (f.rule_code, f.priority) for f in db_session.scalars(select(Flag).where(Flag.session_id == sitting_id))
    ] == [("phq9_item9_positive", "urgent")]
    assert actions(db_session, "flag.raised") == 1
    assert actions(db_session, "answers.saved") == 1  # the others changed nothing


def test_tabs_saving_different_values_at_once_keep_one_of_them_and_one_flag(
    session_factory: sessionmaker[Session], db_session: Session
) -> None:
    _, sitting_id = a_sitting(session_factory)
    values = iter([1, 2, 3, 0, 1, 2])
    version = load_instrument("phq9").version

    def save(db: Session) -> None:
        record_answers(db, sitting_id, {"phq9_9": next(values)}, instrument_id="phq9", instrument_version=version,
                       actor_user_id=None, actor="tablet", now=NOW)  # fmt: skip

    race(session_factory, save, times=TABS)

    [stored] = db_session.scalars(select(Answer.value_number).where(Answer.session_id == sitting_id))
    assert stored in {0, 1, 2, 3}
    assert counted(db_session, Flag.session_id == sitting_id, model=Flag) == 1
    assert actions(db_session, "flag.raised") == 1


def test_an_identical_re_save_after_recovery_changes_audits_and_flags_nothing(db_session: Session) -> None:
    day = a_clinic_day(db_session)
    sitting_id = a_started_sitting(db_session, day)
    where = Where(sitting_id=sitting_id)
    save_answers(db_session, actor=day.staff, where=where, instrument_id="phq9", answers={"phq9_9": 3}, now=NOW)
    db_session.commit()
    before = {a: actions(db_session, a) for a in ("answers.saved", "flag.raised", "flag.rules_updated")}
    [row] = db_session.scalars(select(Answer).where(Answer.session_id == sitting_id))
    saved_at = row.updated_at

    for _ in range(3):  # the outage queue replays the save
        save_answers(db_session, actor=day.staff, where=where, instrument_id="phq9", answers={"phq9_9": 3}, now=NOW)
        db_session.commit()

    assert (
        {a: actions(db_session, a) for a in before}
        == before
        == {"answers.saved": 1, "flag.raised": 1, "flag.rules_updated": 0}
    )
    db_session.refresh(row)
    assert row.updated_at == saved_at  # the idle clock is not restarted by a replay
    assert (
        record_answers(
            db_session,
            sitting_id,
            {"phq9_9": 3},
            instrument_id="phq9",
            instrument_version=load_instrument("phq9").version,
            actor_user_id=None,
        )
        == ()
    )


def test_a_changed_answer_in_a_re_save_is_stored_and_audited_with_only_that_item(db_session: Session) -> None:
    day = a_clinic_day(db_session)
    sitting_id = a_started_sitting(db_session, day)
    where = Where(sitting_id=sitting_id)
    save_answers(db_session, actor=day.staff, where=where, instrument_id="phq9", answers={"phq9_1": 1, "phq9_2": 1})
    save_answers(db_session, actor=day.staff, where=where, instrument_id="phq9", answers={"phq9_1": 1, "phq9_2": 3})
    events = db_session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "answers.saved")
                                .order_by(AuditEvent.id)).all()  # fmt: skip
    assert [e["items"] for e in events] == [["phq9_1", "phq9_2"], ["phq9_2"]]
    stored = {i: v for i, v in db_session.execute(select(Answer.item_id, Answer.value_number))}
    assert stored == {"phq9_1": 1, "phq9_2": 3}


@pytest.mark.parametrize("round_", range(4))  # the threads' order differs from round to round
def test_finish_racing_close_as_abandoned_records_exactly_one_and_the_loser_is_told(
    session_factory: sessionmaker[Session], db_session: Session, round_: int
) -> None:
    day, sitting_id = a_sitting(session_factory, PHQ9)
    steps = [
        outcome(lambda db: complete_session(db, sitting_id, actor="tablet", actor_user_id=None, now=NOW)),
        outcome(lambda db: close_sitting(db, actor=day.staff, sitting_id=sitting_id, now=NOW)),
    ][:: 1 if round_ % 2 else -1]  # each thread takes one (list.pop is atomic)

    results = race(session_factory, lambda db: steps.pop()(db), times=2)

    assert sorted(r == "done" for r in results) == [False, True]
    [loser] = [r for r in results if r != "done"]
    status, ended_at = db_session.execute(
        select(ScreeningSession.status, ScreeningSession.ended_at).where(ScreeningSession.id == sitting_id)
    ).one()
    completed, closed = actions(db_session, "session.completed"), actions(db_session, "session.closed")
    assert completed + closed == 1
    if completed:
        assert (status, ended_at) == ("completed", None)
        assert loser.startswith("This sitting was already finished, so it cannot be closed as abandoned")
    else:
        assert status == "abandoned" and ended_at is not None
        assert loser.startswith("This sitting was already closed as abandoned, so it cannot be finished")
    # One set of results: one score for the one instrument, each flag raised once, nothing rewritten.
    assert counted(db_session, Score.session_id == sitting_id, model=Score) == 1
    assert sorted(db_session.scalars(select(Flag.rule_code).where(Flag.session_id == sitting_id))) == [
        "phq9_item9_positive",
        "phq9_threshold",
    ]
    assert actions(db_session, "flag.raised") == 2


@pytest.mark.parametrize("round_", range(4))
def test_an_answer_racing_finish_is_either_scored_or_refused_never_stored_after_completion(
    session_factory: sessionmaker[Session], db_session: Session, round_: int
) -> None:
    _, sitting_id = a_sitting(session_factory, {f"phq9_{i}": 1 for i in range(1, 9)})  # item 9 not yet
    version = load_instrument("phq9").version
    steps = [
        outcome(lambda db: complete_session(db, sitting_id, actor="tablet", actor_user_id=None, now=NOW)),
        outcome(lambda db: record_answers(db, sitting_id, {"phq9_9": 0}, instrument_id="phq9",
                                          instrument_version=version, actor_user_id=None, now=NOW)),
    ][:: 1 if round_ % 2 else -1]  # fmt: skip

    results = race(session_factory, lambda db: steps.pop()(db), times=2)

    item9_stored = counted(db_session, Answer.session_id == sitting_id, Answer.item_id == "phq9_9", model=Answer) == 1
    [scored_complete] = db_session.scalars(select(Score.complete).where(Score.session_id == sitting_id))
    assert scored_complete == item9_stored  # the answer is in the score, or it was not stored at all
    assert results.count("done") == (2 if item9_stored else 1)
    assert all(r == "done" or "not saved" in r or "can no longer change" in r for r in results)
