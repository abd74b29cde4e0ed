"""The audit log's hash chain: how a row's hash is made and how a chain is checked.

Design decisions (issue 14):
- Each audit row carries `row_hash = SHA-256(prev_hash || canonical JSON of its fields)`,
  hex, where `prev_hash` is the previous row's hash (by id) and the first row's
  predecessor is `GENESIS` (64 zeros). Changing any field of a row, removing a row or
  re-inserting rows from scratch changes a hash that later rows (or the chain head)
  were made with, so the walk finds the first row that no longer fits.
- The canonical JSON is the row's own fields (not its hash), keys sorted, no spaces,
  UTF-8; the time is UTC ISO 8601 with microseconds, the entity id text and the user id
  an integer, so the same row hashes alike whether read back from SQLite or PostgreSQL.
- The chain head (the last row's id and hash, stored apart from the rows) catches what
  the walk alone cannot: rows removed from the end, or the whole table emptied.
- A report names the first broken row by id and time only, never its content.
- Pure: no database here; the models and services feed rows in id order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

# Why a row (or the end of the chain) does not fit, as codes the command line words.
ROW_CHANGED = "row_changed"  # the row's fields, or the row before it, are not what was chained
TAIL_MISSING = "tail_missing"  # the chain head names a later row than the table's last
HEAD_MISMATCH = "head_mismatch"  # the last row's hash is not the one the head recorded


@dataclass(frozen=True)
class ChainedRow:
    """One audit row's fields as stored, with the hash stored beside them."""

    id: int
    at: datetime
    actor_user_id: int | None
    actor: str
    app_session: str | None
    action: str
    entity_type: str
    entity_id: str | None
    detail: Mapping[str, Any] | None
    row_hash: str | None


@dataclass(frozen=True)
class ChainHead:
    """The last chained row, as recorded apart from the rows (id 0 and GENESIS: none yet)."""

    last_id: int
    last_hash: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    last_hash: str
    broken_id: int | None = None
    broken_at: datetime | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.reason is None


def canonical_fields(
    *, id: int, at: datetime, actor_user_id: int | None, actor: str, app_session: str | None, action: str,
    entity_type: str, entity_id: str | int | None, detail: Mapping[str, Any] | None,
) -> bytes:  # fmt: skip
    """The row's fields as the one byte string that is hashed."""
    fields = {
        "id": int(id),
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_user_id": None if actor_user_id is None else int(actor_user_id),
        "actor": actor,
        "app_session": app_session,
        "action": action,
        "entity_type": entity_type,
        "entity_id": None if entity_id is None else str(entity_id),
        "detail": dict(detail) if detail else None,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def chain_hash(prev_hash: str, canonical: bytes) -> str:
    """SHA-256 of the previous hash (its hex text) followed by the row's canonical bytes."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical).hexdigest()


def row_hash(prev_hash: str, row: ChainedRow) -> str:
    """The hash `row` should carry when chained after `prev_hash`."""
    return chain_hash(prev_hash, canonical_fields(
        id=row.id, at=row.at, actor_user_id=row.actor_user_id, actor=row.actor, app_session=row.app_session,
        action=row.action, entity_type=row.entity_type, entity_id=row.entity_id, detail=row.detail,
    ))  # fmt: skip


def verify_chain(rows: Iterable[ChainedRow], head: ChainHead | None) -> ChainReport:
    """Walk `rows` (in id order) from GENESIS; report the first row that does not fit.

    With `head`, the last row must also be the one the chain head recorded.
    """
    prev, count, last_id = GENESIS, 0, 0
    for row in rows:
        count += 1
        if row.row_hash != row_hash(prev, row):
            return ChainReport(count, prev, row.id, row.at, ROW_CHANGED)
        prev, last_id = row.row_hash, row.id
    if head is not None:
        if head.last_id > last_id:
            return ChainReport(count, prev, head.last_id, None, TAIL_MISSING)
        if (head.last_id, head.last_hash) != (last_id, prev):
            return ChainReport(count, prev, last_id or None, None, HEAD_MISMATCH)
    return ChainReport(count, prev)


def describe(report: ChainReport) -> str:
    """One line for an administrator: the count when intact, else where the chain breaks."""
    if report.intact:
        return f"{report.rows:,} rows, chain intact (last hash {report.last_hash})"
    if report.reason == ROW_CHANGED:
        assert report.broken_at is not None  # a changed row is always named with its time
        at = report.broken_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return (f"Audit chain broken at row {report.broken_id} ({at}): that row was changed, or a row "
                "before it was removed or re-inserted.")  # fmt: skip
    if report.reason == TAIL_MISSING:
        return (f"Audit chain broken at the end: the chain head records row {report.broken_id}, "
                f"but the log ends after {report.rows:,} rows; rows were removed from the end.")  # fmt: skip
    return (f"Audit chain broken at the end (last row {report.broken_id}): its hash is not the one the "
            "chain head recorded; the log was rewritten.")  # fmt: skip
