"""Pushing finished sittings to a trust's FHIR server (issue 18).

- `fhir_deliveries`: one row per sitting to deliver, its state, attempts and last error (codes only).
- `fhir_push_settings`: one row, from which day sittings are pushed.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 12:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('fhir_push_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('id = 1', name=op.f('ck_fhir_push_settings_one_row')),
    sa.ForeignKeyConstraint(['updated_by_user_id'], ['users.id'], name=op.f('fk_fhir_push_settings_updated_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fhir_push_settings'))
    )
    op.create_table('fhir_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('screening_session_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'sending', 'delivered', 'failed', name='fhir_delivery_status', native_enum=False, create_constraint=True, length=9), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resent_by_user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'delivered') = (delivered_at IS NOT NULL)", name=op.f('ck_fhir_deliveries_delivered_iff_time')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_fhir_deliveries_attempts_not_negative')),
    sa.ForeignKeyConstraint(['resent_by_user_id'], ['users.id'], name=op.f('fk_fhir_deliveries_resent_by_user_id_users')),
    sa.ForeignKeyConstraint(['screening_session_id'], ['screening_sessions.id'], name=op.f('fk_fhir_deliveries_screening_session_id_screening_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fhir_deliveries')),
    sa.UniqueConstraint('screening_session_id', name=op.f('uq_fhir_deliveries_screening_session_id'))
    )
    op.create_index('ix_fhir_deliveries_status_next_attempt_at', 'fhir_deliveries', ['status', 'next_attempt_at'],
                    unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_fhir_deliveries_status_next_attempt_at', table_name='fhir_deliveries')
    op.drop_table('fhir_deliveries')
    op.drop_table('fhir_push_settings')
