"""Languages as governed data (issue 16): translations, and how each sitting was given.

- `translations`: one row per language and part (an instrument or the patient text), text
  only, with provenance and sign-off (clinical reference s9).
- `screening_sessions.language` becomes a BCP 47 tag: the only value written so far was
  "English", now "en"; any other name is kept as it was (an importer's free text).
- `screening_sessions.interpreter_used` (None: not recorded) and `read_aloud_used`.

Columns are added with plain ALTER TABLE, not batch mode: on SQLite a batch copy would
drop the uptake triggers on screening_sessions (migration 0005).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-17 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('part', sa.String(length=20), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('master_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('licence', sa.Text(), nullable=False),
    sa.Column('test_language', sa.Boolean(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by', sa.String(length=100), nullable=False),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(signed_off_by_id IS NULL) = (signed_off_at IS NULL)', name=op.f('ck_translations_signed_off_with_time')),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['users.id'], name=op.f('fk_translations_signed_off_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_translations')),
    sa.UniqueConstraint('language', 'part', name=op.f('uq_translations_language_part'))
    )
    op.add_column('screening_sessions', sa.Column('interpreter_used', sa.Boolean(), nullable=True))
    op.add_column('screening_sessions', sa.Column('read_aloud_used', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE screening_sessions SET language = 'en' WHERE language = 'English'")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("UPDATE screening_sessions SET language = 'English' WHERE language = 'en'")
    # SQLite drops a column in place (3.35 and later), keeping the uptake triggers.
    op.drop_column('screening_sessions', 'read_aloud_used')
    op.drop_column('screening_sessions', 'interpreter_used')
    op.drop_table('translations')
