"""Patient hand-overs: which staff member gave which sitting to a patient, and when it ended.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 07:01:46.339097

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('screening_session_id', sa.Integer(), nullable=False),
    sa.Column('app_session', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.CheckConstraint("end_reason IS NULL OR end_reason IN ('staff_check', 'ended_elsewhere', 'expired')", name=op.f('ck_handovers_end_reason_known')),
    sa.CheckConstraint('(ended_at IS NULL) = (end_reason IS NULL)', name=op.f('ck_handovers_ended_with_reason')),
    sa.ForeignKeyConstraint(['screening_session_id'], ['screening_sessions.id'], name=op.f('fk_handovers_screening_session_id_screening_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_handovers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers'))
    )
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.create_index('ix_handovers_user_open', ['user_id', 'ended_at'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.drop_index('ix_handovers_user_open')

    op.drop_table('handovers')
