"""Real-time risk flags and escalation (issue 13): two new steps in a flag's history.

- "rules_updated": the screening rules changed an open flag after it was raised, because
  the patient answered more or changed an answer (a final reason at completion, a higher
  priority, or a note that item 9 was changed with Back; clinical reference s1, v2). The
  flag itself is never withdrawn by the rules: only a reviewer closes it.
- "escalated": an urgent flag nobody acknowledged was sent on to an escalation contact
  (clinical reference s6, v2).

Both are added to the CHECK constraint on flag_actions.action. Nothing references
flag_actions, so batch mode may re-create it on SQLite.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:00:00

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen here: a migration must not change when screening.clinical.rules.codes does.
BEFORE = ('created', 'acknowledge', 'contact_attempt', 'close', 'reassign', 'reopen')
AFTER = BEFORE + ('rules_updated', 'escalated')


def _allowed(values: tuple[str, ...]) -> str:
    return "action IN ({})".format(", ".join(f"'{v}'" for v in values))


def _replace_check(values: tuple[str, ...]) -> None:
    with op.batch_alter_table('flag_actions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_flag_actions_flag_action'), type_='check')
        batch_op.create_check_constraint(op.f('ck_flag_actions_flag_action'), _allowed(values))


def upgrade() -> None:
    """Upgrade schema."""
    _replace_check(AFTER)


def downgrade() -> None:
    """Downgrade schema: the new steps would break the old constraint, so they go first."""
    op.execute("DELETE FROM flag_actions WHERE action IN ('rules_updated', 'escalated')")
    _replace_check(BEFORE)
