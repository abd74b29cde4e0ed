"""Two psychologists on one flag at the same moment, in real concurrent sessions (issue 7).

Each side has its own connection and transaction, as two browsers would. On PostgreSQL
the second UPDATE waits for the first transaction's row lock and then finds the version
gone; SQLite serialises the writers. Either way the second person is told who changed
the flag and when, and nothing of the first person's work is overwritten.
"""

from __future__ import annotations

import queue
import threading
import time
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, Flag, FlagAction
from screening.errors import ConflictError
from screening.flag_review.services.flag_actions import acknowledge_flag, close_flag
from screening.policy import CurrentUser
from tests import factories
from tests.concurrency import race
from tests.review_records import NOW, flag_of, reviewer, screened


def setup(db: Session) -> tuple[int, CurrentUser, CurrentUser]:
    flag = flag_of(db, screened(db, clinic=factories.clinic(db)))
    first, second = reviewer(db, name="Dr Ama Boateng"), reviewer(db, name="Sam Patel")
    db.commit()
    return flag.id, first, second


def outcome_of(action):
    """Run an action; return its result, or the ConflictError it raised (race() fails on other errors)."""
    try:
        return action()
    except ConflictError as refused:
        return refused


def test_two_psychologists_acknowledging_at_once_one_owns_it_and_the_other_is_told_who(
    session_factory: sessionmaker[Session], db_session: Session
) -> None:
    flag_id, *users = setup(db_session)
    turns: queue.Queue[CurrentUser] = queue.Queue()
    for user in users:
        turns.put(user)
    results = race(session_factory, lambda db: outcome_of(
        lambda: acknowledge_flag(db, turns.get(), flag_id=flag_id, version=1, now=NOW)))  # fmt: skip
    won = [r for r in results if not isinstance(r, ConflictError)]
    lost = [r for r in results if isinstance(r, ConflictError)]
    assert len(won) == 1 and len(lost) == 1
    winner = next(u for u in users if u.user_id == won[0].assignee_user_id)
    assert str(lost[0]) == f"This flag was updated by {winner.display_name} at 10:00, reload to see the change."
    with session_factory() as db:
        assert db.scalar(select(Flag.version).where(Flag.id == flag_id)) == 2
        assert db.scalar(select(Flag.assignee_user_id).where(Flag.id == flag_id)) == winner.user_id
        assert db.scalar(select(func.count()).where(FlagAction.flag_id == flag_id,
                                                    FlagAction.action == "acknowledge")) == 1  # fmt: skip
        assert db.scalar(select(func.count()).where(AuditEvent.action == "flag.acknowledged")) == 1


def test_two_closes_at_once_keep_the_first_outcome_and_refuse_the_second(
    session_factory: sessionmaker[Session], db_session: Session
) -> None:
    flag_id, first, second = setup(db_session)
    with session_factory.begin() as db:
        acknowledge_flag(db, first, flag_id=flag_id, version=1, now=NOW)
    closes = queue.Queue()
    for user, outcome in ((first, "already_under_care"), (second, "declined_by_patient")):
        closes.put((user, outcome))

    def close(db: Session):
        user, outcome = closes.get()
        return outcome_of(lambda: close_flag(db, user, flag_id=flag_id, version=2, outcome=outcome,
                                             note=f"Closed by {user.display_name}", now=NOW))  # fmt: skip

    results = race(session_factory, close)
    assert sum(isinstance(r, ConflictError) for r in results) == 1
    with session_factory() as db:
        stored = db.get_one(Flag, flag_id)
        notes = db.scalars(select(FlagAction.note).where(FlagAction.action == "close")).all()
        assert (stored.status, stored.version, len(notes)) == ("closed", 3, 1)
        expected = {"already_under_care": "Closed by Dr Ama Boateng", "declined_by_patient": "Closed by Sam Patel"}
        assert notes == [expected[stored.outcome]]  # the stored outcome and its note are one person's


def test_the_second_update_waits_for_the_first_commit_then_is_refused_not_applied(
    session_factory: sessionmaker[Session], db_session: Session
) -> None:
    # Deterministic order: A writes and holds its transaction open; B reads version 1 (A's
    # change is not committed yet), its UPDATE then waits; A commits; B must be refused.
    flag_id, first, second = setup(db_session)
    a = session_factory()
    acknowledge_flag(a, first, flag_id=flag_id, version=1, now=NOW + timedelta(minutes=3))
    outcome: list[object] = []

    def second_browser() -> None:
        with session_factory.begin() as b:
            outcome.append(outcome_of(lambda: acknowledge_flag(b, second, flag_id=flag_id, version=1, now=NOW)))

    thread = threading.Thread(target=second_browser)
    thread.start()
    time.sleep(0.5)  # B is now waiting on A's row lock (PostgreSQL) or write lock (SQLite)
    assert outcome == []
    a.commit()
    a.close()
    thread.join(timeout=20)
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError)
    assert "updated by Dr Ama Boateng at 10:03" in str(outcome[0])
    with session_factory() as db:
        assert db.scalar(select(Flag.assignee_user_id).where(Flag.id == flag_id)) == first.user_id
