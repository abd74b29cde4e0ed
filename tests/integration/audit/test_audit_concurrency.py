"""Audit events written at once by several app servers still form one linear chain."""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session, sessionmaker

from models.database import make_engine, make_sessionmaker
from screening.audit.services.audit import record_event
from screening.audit.services.audit_integrity import check_audit_chain

WRITERS, EACH = 4, 15


def test_events_written_at_once_from_four_connections_chain_without_a_fork(app_db_url: str) -> None:
    engine = make_engine(app_db_url)  # the app's own role on PostgreSQL
    sessions: sessionmaker[Session] = make_sessionmaker(engine)
    start, failures = threading.Barrier(WRITERS), []

    def writer(w: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                with sessions.begin() as session:
                    record_event(session, actor=f"server{w}", actor_user_id=None, action="session.completed",
                                 entity_type="screening_session", entity_id=n)  # fmt: skip
        except Exception as error:
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with sessions() as session:
        report = check_audit_chain(session)
    engine.dispose()
    assert failures == []
    assert report.intact and report.rows == WRITERS * EACH
