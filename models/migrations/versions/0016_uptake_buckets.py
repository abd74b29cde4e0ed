"""Uptake per site, London week or month and diagnosis group (issue 19): `uptake_buckets`,
added up from the summary's site rows, so the uptake-over-time chart reads a few small
rows per bucket instead of every unit's rows in it.

- Filled here from `uptake_days` as it stands, with the definitions the refresh uses
  (`screening.uptake.services.uptake_buckets`); from now on each refresh takes off a queued
  patient's old contributions and adds the new ones, so the totals keep adding up the
  summary exactly, whatever the summary held when this ran (patients queued by migration
  0015 are taken off and added again by the next refresh like any other).
- The SQL is written out here for each database, not imported, so this migration keeps
  doing what it did when the product's code moves on.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 15:00:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0016"
down_revision: Union[str, Sequence[str], None] = "0015"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# (first day, last day) of the week (Monday to Sunday) and month holding `day`, per database.
BUCKETS = {
    "postgresql": {
        "week": ("(day - CAST(EXTRACT(ISODOW FROM day) AS INTEGER) + 1)",
                 "(day - CAST(EXTRACT(ISODOW FROM day) AS INTEGER) + 7)"),
        "month": ("CAST(date_trunc('month', day) AS DATE)",
                  "CAST(date_trunc('month', day) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)"),
    },
    "sqlite": {
        "week": ("date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')",
                 "date(day, 'weekday 0')"),
        "month": ("date(day, 'start of month')", "date(day, 'start of month', '+1 month', '-1 day')"),
    },
}


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "uptake_buckets",
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("site_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("diagnosis_group", sa.String(length=60), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("screened", sa.Integer(), nullable=False),
        sa.CheckConstraint("grain IN ('week', 'month')", name=op.f("ck_uptake_buckets_grain_known")),
        sa.PrimaryKeyConstraint("grain", "first_day", "site_id", "diagnosis_group", name=op.f("pk_uptake_buckets")),
        sqlite_with_rowid=False,
    )
    for grain, (first, last) in BUCKETS[op.get_bind().dialect.name].items():
        op.execute(
            f"INSERT INTO uptake_buckets (grain, first_day, site_id, diagnosis_group, eligible, screened) "
            f"SELECT '{grain}', {first}, place_id, diagnosis_group, count(*), "
            f"coalesce(sum(CASE WHEN next_screened <= {last} THEN 1 ELSE 0 END), 0) "
            f"FROM uptake_days WHERE unit = 'site' AND (prev_day IS NULL OR prev_day < {first}) "
            f"AND next_attended <= {last} GROUP BY {first}, place_id, diagnosis_group"
        )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("uptake_buckets")
