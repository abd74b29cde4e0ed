"""Flag review (issue 7): where a referral went, an outcome's own words, and whom a flag was handed to.

- flags.referred_to: the referral destination code of a flag closed as "referred"; a CHECK
  refuses a destination on any other outcome. Flags closed as "referred" before this
  revision keep no destination (nothing is invented for them).
- flag_actions.referred_to, outcome_detail, assignee_user_id: each step keeps what it
  recorded, so the history shows every close and reassignment as it was made.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 07:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen here: a migration must not change when screening.clinical.rules.codes does.
DESTINATIONS = (
    'clinical_health_psychology', 'liaison_psychiatry', 'talking_therapies', 'gp', 'crisis_team', 'other',
)
KNOWN = "referred_to IN ({})".format(", ".join(f"'{d}'" for d in DESTINATIONS))
ONLY_IF_REFERRED = "referred_to IS NULL OR COALESCE(outcome, '') = 'referred'"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    """Upgrade schema."""
    if _sqlite():
        # Not batch mode: re-creating `flags` drops the old table, which SQLite refuses while
        # flag_actions rows point at it (foreign keys are on, and cannot be switched off inside
        # the migration's transaction). ADD COLUMN with column constraints needs no copy.
        op.execute(
            f"ALTER TABLE flags ADD COLUMN referred_to VARCHAR(26) "
            f"CONSTRAINT ck_flags_referral_destination CHECK ({KNOWN}) "
            f"CONSTRAINT ck_flags_destination_only_if_referred CHECK ({ONLY_IF_REFERRED})"
        )
    else:
        op.add_column('flags', sa.Column('referred_to', sa.String(length=26), nullable=True))
        op.create_check_constraint(op.f('ck_flags_referral_destination'), 'flags', KNOWN)
        op.create_check_constraint(op.f('ck_flags_destination_only_if_referred'), 'flags', ONLY_IF_REFERRED)
    # Nothing references flag_actions, so batch mode may re-create it on SQLite.
    with op.batch_alter_table('flag_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referred_to', sa.String(length=26), nullable=True))
        batch_op.add_column(sa.Column('outcome_detail', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('assignee_user_id', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_flag_actions_referral_destination'), KNOWN)
        batch_op.create_foreign_key(
            op.f('fk_flag_actions_assignee_user_id_users'), 'users', ['assignee_user_id'], ['id']
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('flag_actions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_flag_actions_assignee_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(op.f('ck_flag_actions_referral_destination'), type_='check')
        batch_op.drop_column('assignee_user_id')
        batch_op.drop_column('outcome_detail')
        batch_op.drop_column('referred_to')
    if _sqlite():
        # DROP COLUMN takes the column's own CHECK constraints with it, again without a copy.
        op.execute("ALTER TABLE flags DROP COLUMN referred_to")
    else:
        op.drop_constraint(op.f('ck_flags_destination_only_if_referred'), 'flags', type_='check')
        op.drop_constraint(op.f('ck_flags_referral_destination'), 'flags', type_='check')
        op.drop_column('flags', 'referred_to')
