"""Checking the audit log's hash chain (issue 14): for `verify-audit` and the Audit log page.

Design decisions:
- The rows are read in id order and streamed (`yield_per`), so a log of millions of rows
  is walked in constant memory; the pure rule (`screening.audit.rules.audit_chain.verify_chain`)
  decides, and the chain head is compared at the end.
- Reading needs SELECT only, so the app's own database role can run it.
- The report names the first broken row by id and time, never its content.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditChainHead, AuditEvent
from screening.audit.rules.audit_chain import ChainedRow, ChainHead, ChainReport, verify_chain
from screening.policy import Action, CurrentUser, require

_BATCH = 5_000


def check_audit_chain(session: Session) -> ChainReport:
    """Walk the whole chain from the genesis value and compare its end with the chain head."""
    head = session.get(AuditChainHead, 1)
    return verify_chain(_rows(session), None if head is None else ChainHead(head.last_id, head.last_hash))


def audit_chain_state(session: Session, actor: CurrentUser) -> ChainReport:
    """The chain's state for an administrator on the Audit log page."""
    require(actor, Action.VIEW_AUDIT_LOG)
    return check_audit_chain(session)


def _rows(session: Session) -> Iterator[ChainedRow]:
    table = AuditEvent.__table__
    query = select(
        table.c.id, table.c.at, table.c.actor_user_id, table.c.actor, table.c.app_session, table.c.action,
        table.c.entity_type, table.c.entity_id, table.c.detail, table.c.row_hash,
    ).order_by(table.c.id)  # fmt: skip
    for row in session.execute(query, execution_options={"yield_per": _BATCH}):
        yield ChainedRow(*row)  # type: ignore[call-arg]  # the 10 columns: select() types 10 or more as unbounded
