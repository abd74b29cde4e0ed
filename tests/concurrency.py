"""Run one action at the same moment in several threads, each in its own transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


def race(session_factory: sessionmaker[Session], action: Callable[[Session], T], times: int = 2) -> list[T]:
    """Start `times` threads that each open a transaction, wait at a barrier so they act
    together, and call `action`; return every result. Any thread's error fails the test."""
    barrier = threading.Barrier(times)
    results: list[T] = []
    errors: list[BaseException] = []

    def tablet() -> None:
        try:
            with session_factory.begin() as db:
                barrier.wait(timeout=10)
                results.append(action(db))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=tablet) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results
