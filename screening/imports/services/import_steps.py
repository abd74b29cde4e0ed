"""Where an import's statements run: all in the caller's transaction, or in short ones (issue 14).

Design decisions:
- An import reads and checks its whole file before it writes anything that shows
  (`import_runs`). Given a Session, every step runs in it and the caller commits: one
  transaction, as a service normally is (the tests, a caller that wants that). Given a
  sessionmaker (the command line, the Imports page) each step is its own short
  transaction, committed at its end, so SQLite's single write lock is held for one step
  at a time and a tablet's answer save waits milliseconds, not the whole import. This is
  the one place the imports commit, deliberately; `import_runs` explains how the import
  stays all-or-nothing across those commits.
- `reading()`: a session that never writes; in WAL mode SQLite then takes no write lock.
- `writing()`: takes the write lock as its first statement (SQLite: a DELETE that
  matches nothing, as `uptake_days` does), so the step's own reads and the ids it hands
  out (`bulk_rows.insert_returning_ids`) cannot go stale under another writer's commit.
- After each write transaction the import leaves the lock free for `GAP`. SQLite has no
  queue for its lock: a waiting tablet's busy handler retries every 100 ms at most, and
  an import that began its next step at once would hold the lock almost all the time
  and starve it (measured: 7 s waits with every step under 0.5 s). A gap of 100 ms
  means a waiting writer's next retry always finds the lock free. Staging a batch is
  followed by reading and checking the next one, which leaves the lock free anyway.
- `Pacer`: how much one step takes on (rows, queued patients). It follows the time the
  last step held the lock (`last_hold`, from taking it to the commit), aiming at
  `STEP_SECONDS`, so a loaded server takes smaller steps and an idle one larger ones.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Protocol

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from models import ImportStagedRow
from models.database import session_scope

GAP = 0.1  # seconds the lock is left free after each write step: SQLite's longest busy-handler sleep
STEP_SECONDS = 0.2  # the lock hold a step aims at (the target is under 0.5 s)


class ImportTransactions(Protocol):
    one_transaction: bool
    last_hold: float  # seconds the last `writing()` held the lock, from taking it to the commit

    def reading(self) -> AbstractContextManager[Session]: ...
    def writing(self, *, then_wait: bool = True) -> AbstractContextManager[Session]: ...
    def all_or_nothing(self) -> AbstractContextManager[object]: ...


class CallersTransaction:
    """Every step in the caller's session; the caller commits or rolls back."""

    one_transaction = True
    last_hold = 0.0

    def __init__(self, session: Session) -> None:
        self.session = session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        yield self.session

    @contextmanager
    def writing(self, *, then_wait: bool = True) -> Iterator[Session]:
        yield self.session

    def all_or_nothing(self) -> AbstractContextManager[object]:
        """A SAVEPOINT round the writing: a refused row undoes the import, not the run's record."""
        return self.session.begin_nested()


class ShortTransactions:
    """Each step its own transaction, committed when the step ends."""

    one_transaction = False

    def __init__(self, sessions: sessionmaker[Session], gap: float = GAP) -> None:
        self.sessions, self.gap, self.last_hold = sessions, gap, 0.0

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = self.sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def writing(self, *, then_wait: bool = True) -> Iterator[Session]:
        """`then_wait=False` when the caller has other work before its next write anyway."""
        with session_scope(self.sessions) as session:
            take_write_lock(session)
            started = time.perf_counter()
            yield session
        self.last_hold = time.perf_counter() - started
        if then_wait and self.gap and self.sessions.kw["bind"].dialect.name == "sqlite":
            time.sleep(self.gap)  # PostgreSQL locks rows, not the database: no one waits

    def all_or_nothing(self) -> AbstractContextManager[object]:
        return nullcontext()  # the staged rows and the run's state do it: see import_runs


def take_write_lock(session: Session) -> None:
    """SQLite: take the write lock now, waiting the busy timeout for it; PostgreSQL locks rows."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(delete(ImportStagedRow).where(ImportStagedRow.id < 0))


def transactions(target: Session | sessionmaker[Session]) -> ImportTransactions:
    return CallersTransaction(target) if isinstance(target, Session) else ShortTransactions(target)


class Pacer:
    """The size of the next step, from how long the last one held the lock (`last_hold`)."""

    def __init__(self, first: int, smallest: int, largest: int) -> None:
        self.size, self.smallest, self.largest = first, smallest, largest

    def held(self, seconds: float) -> None:
        """Follow the last step's hold: at most double, so one quick step does not make the next huge."""
        ratio = min(STEP_SECONDS / max(seconds, 0.005), 2.0)
        self.size = max(self.smallest, min(self.largest, int(self.size * ratio)))
