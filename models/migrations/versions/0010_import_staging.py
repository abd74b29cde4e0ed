"""Import staging: checked rows waiting to be applied, and the state of an import run (issue 14).

- import_staging: one row per checked CSV row of a run (its line and cells as read),
  deleted as it is applied. Read by nothing but the import.
- import_runs.state: "checking", "applying" or "done" (every earlier run is done);
  import_runs.options: what a stopped run needs to be finished by the next import.

New table and two plain added columns: SQLite adds them without copying import_runs.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 14:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('import_staging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('cells', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['import_runs.id'], name=op.f('fk_import_staging_run_id_import_runs'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_staging'))
    )
    with op.batch_alter_table('import_staging', schema=None) as batch_op:
        batch_op.create_index('ix_import_staging_run_id_id', ['run_id', 'id'], unique=False)
    op.add_column('import_runs', sa.Column('state', sa.String(length=16), server_default='done', nullable=False))
    op.add_column('import_runs', sa.Column('options', sa.JSON(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_column('options')
        batch_op.drop_column('state')
    op.drop_table('import_staging')
