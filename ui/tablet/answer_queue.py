"""Answers kept on the tablet until the database has stored them (issue 14).

Design decisions:
- Every tap goes through this queue: the button callback only adds the answer (in tap
  order; a new answer to an item still waiting replaces the waiting one), and the run
  that follows stores the whole queue in one transaction (`flush`). With the database up
  the queue holds one answer for a moment; with it down the answers wait here, in this
  browser session's `st.session_state`, and the patient carries on.
- An answer leaves the queue only after its transaction committed. A run interrupted
  between the commit and the removal stores it again next time, which changes nothing:
  saving an item replaces its stored value (`sittings.record_answers`), and an item 9
  answer raises or keeps its one flag. So nothing is lost and nothing is doubled.
- Only a database outage (`reachability.unreachable`) keeps answers waiting; any other
  error (a closed sitting, an ended hand-over) goes up to the page, which says so.
- Each waiting answer names its sitting (`Where`): a queue left by one hand-over is never
  stored into another.
- What happened is kept for staff (`Outage`): when the database was first missed, which
  answers waited, when they were stored. The log gets counts and error classes only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import streamlit as st

from screening.database.services.reachability import kind, unreachable
from screening.policy import Respondent
from screening.sittings.services.patient_screen import Where, save_answers
from screening.sittings.services.sittings import AnswerValue
from ui.shell import auth
from ui.shell.runtime import database

log = logging.getLogger("screening.ui")
OUTAGE = "outage."  # + the questionnaire's key; not "pm…", so the record outlives the hand-back


@dataclass(frozen=True)
class Waiting:
    where: Where
    instrument_id: str
    link_id: str
    value: AnswerValue
    at: datetime  # the tap: an item 9 flag counts from when the patient said it


@dataclass
class Outage:
    where: Where
    failed_at: datetime
    down: bool = True
    kept: set[tuple[str, str]] = field(default_factory=set)
    saved: set[tuple[str, str]] = field(default_factory=set)
    saved_at: datetime | None = None


def add(key: str, where: Where, instrument_id: str, link_id: str, value: AnswerValue) -> None:
    """Queue one tap (a button callback: no database here)."""
    queue = [w for w in _queue(key) if (w.where, w.instrument_id, w.link_id) != (where, instrument_id, link_id)]
    st.session_state[f"{key}_waiting"] = [*queue, Waiting(where, instrument_id, link_id, value, auth.now())]


def waiting(key: str, where: Where) -> tuple[Waiting, ...]:
    return tuple(w for w in _queue(key) if w.where == where)


def with_waiting(answers: Mapping[str, Mapping[str, AnswerValue]],
                 queued: tuple[Waiting, ...]) -> dict[str, dict[str, AnswerValue]]:  # fmt: skip
    """The stored answers with the waiting ones on top: what the patient has said so far."""
    merged = {instrument: dict(items) for instrument, items in answers.items()}
    for w in queued:
        merged.setdefault(w.instrument_id, {})[w.link_id] = w.value
    return merged


def flush(user: Respondent, where: Where, key: str) -> int:
    """Store this sitting's waiting answers in order; how many still wait (database down)."""
    batch = waiting(key, where)
    if not batch:
        return 0
    try:
        with database().transaction() as session:
            for w in batch:
                save_answers(session, actor=user, where=where, instrument_id=w.instrument_id,
                             answers={w.link_id: w.value}, app_session=auth.app_session(), now=w.at)  # fmt: skip
    except Exception as error:
        if not unreachable(error):
            raise
        missed(key, where, error, batch)
        return len(batch)
    st.session_state[f"{key}_waiting"] = [w for w in _queue(key) if w not in batch]
    _stored(key, batch)
    settled(key)
    return 0


def missed(key: str, where: Where, error: BaseException, batch: tuple[Waiting, ...] = ()) -> None:
    """Note a failed reach for the database (and the answers it left waiting)."""
    record = outage(key)
    if record is None or record.where != where:
        record = st.session_state[OUTAGE + key] = Outage(where, auth.now(), down=False)
    if not record.down:
        log.warning("database unreachable (%s): patient answers kept on the tablet", kind(error))
        record.down = True
    record.kept |= {(w.instrument_id, w.link_id) for w in batch}


def outage(key: str) -> Outage | None:
    return st.session_state.get(OUTAGE + key)


def settled(key: str) -> None:
    """The database answered and nothing waits: close the outage record, if one is open."""
    record = outage(key)
    if record is None or not record.down:
        return
    record.down = False
    if record.kept:
        record.saved_at = auth.now()
        log.warning("database back: %d kept answer(s) stored, %.0f s after the first failure",
                    len(record.saved), (record.saved_at - record.failed_at).total_seconds())  # fmt: skip
    else:
        log.warning("database back after %.0f s; no answers were waiting",
                    (auth.now() - record.failed_at).total_seconds())  # fmt: skip


def _stored(key: str, batch: tuple[Waiting, ...]) -> None:
    record = outage(key)
    if record is not None:
        record.saved |= {(w.instrument_id, w.link_id) for w in batch} & record.kept


def _queue(key: str) -> list[Waiting]:
    return st.session_state.get(f"{key}_waiting", [])
