"""Screening before the visit from a secure link (issue 17).

- `patient_contacts`: mobile, email and the "no contact" preference, apart from `patients`.
- `clinic_invitation_settings`: which clinics invite, and how many days before.
- `remote_invitations`, `remote_links` (token hashes only) and `invitation_messages` (the claim).
- `screening_sessions.remote`: the sitting was begun from a secure link.

The column is added with plain ALTER TABLE, not batch mode: on SQLite a batch copy would
drop the uptake triggers on screening_sessions (migration 0005).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_STATUSES = ('claimed', 'created', 'sending', 'pending', 'sent', 'delivered', 'permanent-failure',
             'temporary-failure', 'technical-failure', 'failed', 'no_contact')


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('patient_contacts',
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('mobile', sa.String(length=11), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('no_contact', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_patient_contacts_patient_id_patients')),
    sa.PrimaryKeyConstraint('patient_id', name=op.f('pk_patient_contacts'))
    )
    op.create_table('clinic_invitation_settings',
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('invite_days_before', sa.Integer(), nullable=False),
    sa.Column('reminder_days_before', sa.Integer(), nullable=True),
    sa.CheckConstraint('invite_days_before BETWEEN 1 AND 14', name=op.f('ck_clinic_invitation_settings_invite_days_in_range')),
    sa.CheckConstraint('reminder_days_before IS NULL OR (reminder_days_before >= 0 AND reminder_days_before < invite_days_before)', name=op.f('ck_clinic_invitation_settings_reminder_after_invitation')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_clinic_invitation_settings_clinic_id_clinics')),
    sa.PrimaryKeyConstraint('clinic_id', name=op.f('pk_clinic_invitation_settings'))
    )
    op.create_table('remote_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attendance_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('wrong_birth_dates', sa.Integer(), nullable=False),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_user_id', sa.Integer(), nullable=True),
    sa.Column('screening_session_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('wrong_birth_dates BETWEEN 0 AND 5', name=op.f('ck_remote_invitations_wrong_birth_dates_range')),
    sa.CheckConstraint('(locked_at IS NOT NULL) = (wrong_birth_dates = 5)', name=op.f('ck_remote_invitations_locked_iff_limit')),
    sa.ForeignKeyConstraint(['attendance_id'], ['attendances.id'], name=op.f('fk_remote_invitations_attendance_id_attendances')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_remote_invitations_clinic_id_clinics')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_remote_invitations_patient_id_patients')),
    sa.ForeignKeyConstraint(['revoked_by_user_id'], ['users.id'], name=op.f('fk_remote_invitations_revoked_by_user_id_users')),
    sa.ForeignKeyConstraint(['screening_session_id'], ['screening_sessions.id'], name=op.f('fk_remote_invitations_screening_session_id_screening_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_invitations')),
    sa.UniqueConstraint('attendance_id', name=op.f('uq_remote_invitations_attendance_id')),
    sa.UniqueConstraint('screening_session_id', name=op.f('uq_remote_invitations_screening_session_id'))
    )
    op.create_index(op.f('ix_remote_invitations_patient_id'), 'remote_invitations', ['patient_id'], unique=False)
    op.create_table('remote_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['remote_invitations.id'], name=op.f('fk_remote_links_invitation_id_remote_invitations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_remote_links_token_hash'))
    )
    op.create_index(op.f('ix_remote_links_invitation_id'), 'remote_links', ['invitation_id'], unique=False)
    op.create_table('invitation_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.Enum('invitation', 'reminder', 'staff', name='invitation_purpose', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('sms', 'email', name='invitation_channel', native_enum=False, create_constraint=True, length=5), nullable=True),
    sa.Column('destination', sa.String(length=254), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_by_user_id', sa.Integer(), nullable=True),
    sa.Column('provider', sa.String(length=20), nullable=True),
    sa.Column('provider_message_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.Enum(*_STATUSES, name='invitation_status', native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.CheckConstraint('number >= 1', name=op.f('ck_invitation_messages_number_from_one')),
    sa.CheckConstraint('(channel IS NULL) = (destination IS NULL)', name=op.f('ck_invitation_messages_destination_iff_channel')),
    sa.ForeignKeyConstraint(['invitation_id'], ['remote_invitations.id'], name=op.f('fk_invitation_messages_invitation_id_remote_invitations')),
    sa.ForeignKeyConstraint(['link_id'], ['remote_links.id'], name=op.f('fk_invitation_messages_link_id_remote_links')),
    sa.ForeignKeyConstraint(['sent_by_user_id'], ['users.id'], name=op.f('fk_invitation_messages_sent_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_messages')),
    sa.UniqueConstraint('invitation_id', 'purpose', 'number', name=op.f('uq_invitation_messages_invitation_id_purpose_number'))
    )
    op.create_index(op.f('ix_invitation_messages_invitation_id'), 'invitation_messages', ['invitation_id'], unique=False)
    op.add_column('screening_sessions', sa.Column('remote', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Downgrade schema."""
    # SQLite drops a column in place (3.35 and later), keeping the uptake triggers.
    op.drop_column('screening_sessions', 'remote')
    op.drop_index(op.f('ix_invitation_messages_invitation_id'), table_name='invitation_messages')
    op.drop_table('invitation_messages')
    op.drop_index(op.f('ix_remote_links_invitation_id'), table_name='remote_links')
    op.drop_table('remote_links')
    op.drop_index(op.f('ix_remote_invitations_patient_id'), table_name='remote_invitations')
    op.drop_table('remote_invitations')
    op.drop_table('clinic_invitation_settings')
    op.drop_table('patient_contacts')
