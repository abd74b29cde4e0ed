"""Writing answers as one upsert per save, so racing and repeated saves are safe and cheap.

Two tabs, a double tap, a retry racing its first try, or the browser's outage queue
replaying a save after recovery: all may send the same item of the same sitting at once.
Design decisions:
- One `INSERT ... ON CONFLICT (session_id, item_id) DO UPDATE` per save (the dialect's own
  insert, SQLite and PostgreSQL alike), so the unique index decides inside the database:
  there is no read-then-insert window for a second writer to fall into, and no
  IntegrityError to catch. The later writer's value wins, as any later answer does.
- The update has a `WHERE` that the stored value differs, and `RETURNING` gives the items
  whose row was inserted or really changed. An identical re-save changes no row, so the
  caller writes no audit row and runs no flag rule for it: replaying a save is idempotent
  and costs one statement.
- A cleared item (None) is one `DELETE ... RETURNING`; only items that had a row count.
- Values were checked against the instrument before this runs (`sittings.record_answers`);
  the ORM's own check does not run for Core statements. Timestamps follow the model:
  `updated_at` moves only when the value changes, so the idle clock (`abandonment`) is
  not reset by a replay.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, inspect, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Answer
from models.base import utcnow
from screening.clinical.rules.answers import DECLINED

StoredValue = int | float | str
VALUE_COLUMNS = ("value_number", "value_code", "declined")


def stored_columns(value: StoredValue) -> dict[str, object]:
    """The three value columns of one answer: exactly one of them is set."""
    if value == DECLINED:
        return {"value_number": None, "value_code": None, "declined": True}
    if isinstance(value, str):
        return {"value_number": None, "value_code": value, "declined": False}
    return {"value_number": float(value), "value_code": None, "declined": False}


def upsert_answers(
    session: Session,
    sitting_id: int,
    answers: Mapping[str, StoredValue],
    *,
    instrument_id: str,
    instrument_version: str,
    actor_user_id: int | None,
) -> set[str]:
    """Insert or replace these items' answers; return the items whose stored value changed."""
    if not answers:
        return set()
    now = utcnow()
    rows = [
        {"session_id": sitting_id, "item_id": item_id, "instrument_id": instrument_id,
         "instrument_version": instrument_version, "answered_by_user_id": actor_user_id,
         "created_at": now, "updated_at": now, **stored_columns(value)}
        for item_id, value in sorted(answers.items())  # one lock order: two batches never deadlock
    ]  # fmt: skip
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    statement = insert(Answer.__table__).values(rows)
    new = statement.excluded
    table = Answer.__table__.c
    changed = or_(*(table[c].is_distinct_from(new[c]) for c in (*VALUE_COLUMNS, "instrument_id", "instrument_version")))
    upsert = statement.on_conflict_do_update(
        index_elements=["session_id", "item_id"],
        set_={c: new[c] for c in (*VALUE_COLUMNS, "instrument_id", "instrument_version", "answered_by_user_id",
                                  "updated_at")},
        where=changed,
    ).returning(table.item_id)  # fmt: skip
    written = set(session.scalars(upsert))
    _forget_copies(session, sitting_id, written)
    return written


def clear_answers(session: Session, sitting_id: int, item_ids: set[str]) -> set[str]:
    """Delete these items' answers; return the items that had one."""
    if not item_ids:
        return set()
    statement = (
        delete(Answer)
        .where(Answer.session_id == sitting_id, Answer.item_id.in_(sorted(item_ids)))
        .returning(Answer.item_id)
    )
    return set(session.scalars(statement))


def _forget_copies(session: Session, sitting_id: int, item_ids: set[str]) -> None:
    # A copy of a changed answer already loaded in this Session would show the old value.
    for obj in list(session.identity_map.values()):
        loaded = inspect(obj).dict  # read without loading anything
        if isinstance(obj, Answer) and loaded.get("session_id") == sitting_id and loaded.get("item_id") in item_ids:
            session.expire(obj)
