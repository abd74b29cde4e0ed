"""The uptake summary's event `remote` (issue 19): `uptake_days.next_remote`, the first day,
this one or later, with a completed sitting begun from a secure link, so "How patients
were screened" is read from the summary instead of grouping the source tables.

- The column is added with plain ALTER TABLE, not batch mode: on SQLite a batch copy
  would drop the uptake triggers of migration 0005.
- `screening_sessions.remote` joins the columns whose update queues the patient (the
  update trigger of migration 0005 is made again with it; inserts and deletes already queue).
- `remote` is added to the end of `ix_screening_sessions_by_patient`, so the index still
  covers everything the refresh reads of a patient's sittings (no table lookup per sitting).
- Every patient is queued (`uptake_stale`), as migration 0005 did, so the next refresh
  (`python -m screening refresh-uptake` straight away, or the first reading) fills the new
  column of the rows already stored.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 13:20:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0015"
down_revision: Union[str, Sequence[str], None] = "0014"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The columns of screening_sessions whose update queues the patient: migration 0005's, then with `remote`.
BEFORE = ("patient_id", "clinic_id", "started_at", "status", "mode")
AFTER = (*BEFORE, "remote")
# The refresh's covering index of a patient's sittings (migration 0005), then with `remote`.
INDEX = "ix_screening_sessions_by_patient"
INDEX_BEFORE = ["patient_id", "started_at", "clinic_id", "status", "mode"]
INDEX_AFTER = [*INDEX_BEFORE, "remote"]


def _update_trigger(columns: tuple[str, ...]) -> list[str]:
    name, table = "uptake_stale_screening_sessions_update", "screening_sessions"
    if op.get_bind().dialect.name == "postgresql":
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION uptake_stale_updated_row()",
        ]
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER UPDATE OF {', '.join(columns)} ON {table} "
        f"WHEN {changed} BEGIN "
        f"INSERT INTO uptake_stale (patient_id) VALUES (NEW.patient_id); "
        f"INSERT INTO uptake_stale (patient_id) SELECT OLD.patient_id WHERE OLD.patient_id <> NEW.patient_id; "
        f"END",
    ]


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("uptake_days", sa.Column("next_remote", sa.Date(), nullable=True))
    for statement in _update_trigger(AFTER):
        op.execute(statement)
    op.drop_index(INDEX, table_name="screening_sessions")
    op.create_index(INDEX, "screening_sessions", INDEX_AFTER, unique=False)
    op.execute("INSERT INTO uptake_stale (patient_id) SELECT id FROM patients ORDER BY id")


def downgrade() -> None:
    """Downgrade schema."""
    for statement in _update_trigger(BEFORE):
        op.execute(statement)
    op.drop_index(INDEX, table_name="screening_sessions")
    op.create_index(INDEX, "screening_sessions", INDEX_BEFORE, unique=False)
    # SQLite drops a column in place (3.35 and later), keeping the uptake triggers.
    op.drop_column("uptake_days", "next_remote")
