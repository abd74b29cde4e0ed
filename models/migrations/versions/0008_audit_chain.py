"""A hash chain through the audit log, and its chain head (issue 14).

- audit_events.row_hash: SHA-256 of the previous row's hash and the row's canonical
  fields (`screening.audit.rules.audit_chain`); rows already in the log are chained here, in id
  order, from the genesis value.
- audit_chain_head: one row (id = 1) naming the last chained row, what the next insert
  chains after; the app locks it (SELECT ... FOR UPDATE) to keep the chain linear.

The append-only triggers refuse the UPDATE that fills existing rows, so they are set
aside for it: disabled and enabled again on PostgreSQL; dropped and re-created on SQLite,
where making the column NOT NULL re-creates the table (and would lose them anyway).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00

"""
from datetime import timezone
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from screening.audit.rules.audit_chain import GENESIS, canonical_fields, chain_hash


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen copies of 0001's SQLite guard: a migration must not change when later code does.
_SQLITE_AUDIT_GUARD = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is not allowed'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is not allowed'); END",
)
_SQLITE_DROP_GUARD = (
    "DROP TRIGGER IF EXISTS audit_events_no_update",
    "DROP TRIGGER IF EXISTS audit_events_no_delete",
)
_PG_GUARD = "audit_events_no_update_delete"

_events = sa.table(
    'audit_events',
    sa.column('id', sa.BigInteger()), sa.column('at', sa.DateTime(timezone=True)),
    sa.column('actor_user_id', sa.Integer()), sa.column('actor', sa.String()),
    sa.column('app_session', sa.String()), sa.column('action', sa.String()),
    sa.column('entity_type', sa.String()), sa.column('entity_id', sa.String()),
    sa.column('detail', sa.JSON()), sa.column('row_hash', sa.String()),
)


def _set_guard_aside(postgresql: bool) -> None:
    if postgresql:
        op.execute(f"ALTER TABLE audit_events DISABLE TRIGGER {_PG_GUARD}")
    else:
        for statement in _SQLITE_DROP_GUARD:
            op.execute(statement)


def _restore_guard(postgresql: bool) -> None:
    if postgresql:
        op.execute(f"ALTER TABLE audit_events ENABLE TRIGGER {_PG_GUARD}")
    else:
        for statement in _SQLITE_AUDIT_GUARD:
            op.execute(statement)


def _chain_existing_rows() -> tuple[int, str]:
    """Hash every row in id order; the last row's (id, hash), or (0, GENESIS) when empty."""
    bind = op.get_bind()
    prev, last_id, hashes = GENESIS, 0, []
    for row in bind.execute(sa.select(_events).order_by(_events.c.id)).mappings():
        at = row['at'] if row['at'].tzinfo else row['at'].replace(tzinfo=timezone.utc)
        prev = chain_hash(prev, canonical_fields(
            id=row['id'], at=at, actor_user_id=row['actor_user_id'], actor=row['actor'],
            app_session=row['app_session'], action=row['action'], entity_type=row['entity_type'],
            entity_id=row['entity_id'], detail=row['detail'],
        ))
        last_id = row['id']
        hashes.append({'row_id': last_id, 'row_hash': prev})
    if hashes:
        bind.execute(
            sa.update(_events).where(_events.c.id == sa.bindparam('row_id')).values(row_hash=sa.bindparam('row_hash')),
            hashes,
        )
    return last_id, prev


def upgrade() -> None:
    """Upgrade schema."""
    postgresql = op.get_bind().dialect.name == 'postgresql'
    head = op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_chain_head_only_one')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    _set_guard_aside(postgresql)
    op.add_column('audit_events', sa.Column('row_hash', sa.String(length=64), nullable=True))
    last_id, last_hash = _chain_existing_rows()
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('row_hash', existing_type=sa.String(length=64), nullable=False)
    _restore_guard(postgresql)
    op.bulk_insert(head, [{'id': 1, 'last_id': last_id, 'last_hash': last_hash}])


def downgrade() -> None:
    """Downgrade schema."""
    postgresql = op.get_bind().dialect.name == 'postgresql'
    _set_guard_aside(postgresql)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
    _restore_guard(postgresql)
    op.drop_table('audit_chain_head')
