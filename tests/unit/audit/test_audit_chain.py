"""The audit log's hash chain rule: each row's hash covers its fields and the row before it."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from screening.audit.rules.audit_chain import (
    GENESIS,
    HEAD_MISMATCH,
    ROW_CHANGED,
    TAIL_MISSING,
    ChainedRow,
    ChainHead,
    canonical_fields,
    chain_hash,
    describe,
    row_hash,
    verify_chain,
)

T0 = datetime(2026, 12, 1, 9, 30, 0, 123456, tzinfo=UTC)


def chained(count: int) -> list[ChainedRow]:
    rows, prev = [], GENESIS
    for n in range(1, count + 1):
        row = ChainedRow(n * 2, T0 + timedelta(minutes=n), 7, "ada", "s1", "user.created", "user", str(n),
                         {"count": n, "codes": ["a", "b"]}, None)  # fmt: skip
        row = replace(row, row_hash=row_hash(prev, row))
        rows.append(row)
        prev = row.row_hash
    return rows


def head_of(rows: list[ChainedRow]) -> ChainHead:
    return ChainHead(rows[-1].id, rows[-1].row_hash) if rows else ChainHead(0, GENESIS)


def test_the_hash_is_sha256_of_the_previous_hash_then_the_canonical_json() -> None:
    canonical = canonical_fields(id=1, at=T0, actor_user_id=None, actor="ada", app_session=None,
                                 action="a", entity_type="t", entity_id=None, detail=None)  # fmt: skip
    assert canonical == (b'{"action":"a","actor":"ada","actor_user_id":null,"app_session":null,'
                         b'"at":"2026-12-01T09:30:00.123456+00:00","detail":null,"entity_id":null,'
                         b'"entity_type":"t","id":1}')  # fmt: skip
    assert chain_hash(GENESIS, canonical) == hashlib.sha256(GENESIS.encode() + canonical).hexdigest()


def test_the_same_row_read_back_in_another_shape_hashes_alike() -> None:
    # London time, an integer entity id and a detail with keys in another order are the same row
    london = T0.astimezone(timezone(timedelta(hours=1)))
    a = canonical_fields(id=3, at=T0, actor_user_id=7, actor="ada", app_session=None, action="a",
                         entity_type="t", entity_id="42", detail={"x": 1, "y": 2})  # fmt: skip
    b = canonical_fields(id=3, at=london, actor_user_id=7, actor="ada", app_session=None, action="a",
                         entity_type="t", entity_id=42, detail={"y": 2, "x": 1})  # fmt: skip
    assert a == b


def test_an_untouched_chain_is_intact_with_its_row_count_and_last_hash() -> None:
    rows = chained(5)
    report = verify_chain(rows, head_of(rows))
    assert report.intact and report.rows == 5 and report.last_hash == rows[-1].row_hash
    assert describe(report) == f"5 rows, chain intact (last hash {rows[-1].row_hash})"


def test_an_empty_log_with_a_fresh_head_is_intact() -> None:
    assert verify_chain([], ChainHead(0, GENESIS)).intact
    assert verify_chain([], None).intact


@pytest.mark.parametrize("change", [{"action": "user.deleted"}, {"at": T0}, {"detail": None}, {"entity_id": "9"}])
def test_a_changed_row_is_the_first_broken_link(change: dict) -> None:
    rows = chained(5)
    rows[2] = replace(rows[2], **change)
    report = verify_chain(rows, head_of(rows))
    assert (report.intact, report.broken_id, report.broken_at, report.reason) == (False, 6, rows[2].at, ROW_CHANGED)
    assert describe(report).startswith(f"Audit chain broken at row 6 ({rows[2].at:%Y-%m-%d %H:%M:%S} UTC)")


def test_a_removed_middle_row_breaks_the_link_of_the_row_after_it() -> None:
    rows = chained(5)
    del rows[2]
    report = verify_chain(rows, head_of(rows))
    assert (report.broken_id, report.reason) == (8, ROW_CHANGED)


def test_rows_removed_from_the_end_are_caught_by_the_chain_head() -> None:
    rows = chained(5)
    report = verify_chain(rows[:3], head_of(rows))
    assert (report.intact, report.broken_id, report.rows, report.reason) == (False, 10, 3, TAIL_MISSING)
    assert "rows were removed from the end" in describe(report)


def test_an_emptied_log_is_caught_by_the_chain_head() -> None:
    report = verify_chain([], head_of(chained(2)))
    assert (report.reason, report.broken_id) == (TAIL_MISSING, 4)


def test_a_log_rewritten_from_scratch_does_not_match_the_chain_head() -> None:
    rows = chained(3)
    report = verify_chain(rows, ChainHead(rows[-1].id, "f" * 64))
    assert (report.intact, report.broken_id, report.reason) == (False, 6, HEAD_MISMATCH)
    assert describe(report).startswith("Audit chain broken at the end (last row 6)")


def test_a_row_without_a_hash_is_a_broken_link() -> None:
    rows = chained(2)
    rows[0] = replace(rows[0], row_hash=None)
    assert verify_chain(rows, None).broken_id == 2
