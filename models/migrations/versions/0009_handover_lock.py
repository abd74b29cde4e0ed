"""Hand-over lock: wrong secrets in the hand-back box count against the hand-over (issue 14).

- handovers.failed_attempts: wrong passwords or PINs typed to take this tablet back
  (0 for every existing hand-over).
- handovers.locked_at: when they reached the limit; from then on only the staff member's
  password takes the tablet back.

The check constraint makes SQLite's batch mode copy `handovers`; no table references it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:50:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_attempts', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f('ck_handovers_failed_attempts_not_negative'), 'failed_attempts >= 0')


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_handovers_failed_attempts_not_negative'), type_='check')
        batch_op.drop_column('locked_at')
        batch_op.drop_column('failed_attempts')
