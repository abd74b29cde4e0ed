"""A hash per uptake summary row (issue 19): `uptake_days.row_hash`, so the refresh
rewrites only the rows that changed, and an index of each patient's rows with their
hashes in place of the index on the patient alone.

- The new column is empty: a row with no hash is rewritten by the next refresh of its
  patient, which then stores the hashes, so nothing needs working out here.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 18:00:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0017"
down_revision: Union[str, Sequence[str], None] = "0016"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("uptake_days", sa.Column("row_hash", sa.BigInteger(), nullable=True))
    op.drop_index("ix_uptake_days_patient_id", table_name="uptake_days")
    op.create_index("ix_uptake_days_patient_id_row_hash", "uptake_days", ["patient_id", "row_hash"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_uptake_days_patient_id_row_hash", table_name="uptake_days")
    op.create_index("ix_uptake_days_patient_id", "uptake_days", ["patient_id"])
    op.drop_column("uptake_days", "row_hash")
