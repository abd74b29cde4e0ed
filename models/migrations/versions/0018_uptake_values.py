"""The breakdown values each patient's uptake summary rows hold (issue 19): `uptake_values`,
so the refresh updates a patient's changed values (a new deprivation release) on their
rows in place, and the row hashes leave those values out.

- The table starts empty. A patient with no entry has every summary row replaced at their
  next refresh, which then writes the entry; their rows' hashes, made with the values
  before this revision, would differ anyway. So nothing is worked out here, and no patient
  is queued: the rows as stored are right until a patient's next change.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 01:00:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0018"
down_revision: Union[str, Sequence[str], None] = "0017"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "uptake_values",
        sa.Column("patient_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ethnic_category", sa.String(length=2), nullable=False),
        sa.Column("imd_decile", sa.SmallInteger(), nullable=True),
        sa.Column("gender_code", sa.String(length=1), nullable=False),
        sa.Column("preferred_language", sa.String(length=40), nullable=False),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_uptake_values")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("uptake_values")
    # The rows' hashes leave out the values kept in place: the revision before hashes every
    # column, so clear them, and each patient's rows are replaced at their next refresh.
    op.execute("UPDATE uptake_days SET row_hash = NULL")
