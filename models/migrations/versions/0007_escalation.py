"""Escalation of unacknowledged urgent flags, and the local outbox (issue 13; clinical reference s6, v2).

- clinic_hours: per clinic and weekday (Monday = 0), opening and closing minute after
  London midnight; a weekday with no row is closed.
- clinic_escalation_settings: a clinic's escalation delay in minutes (5-240; no row = 30).
- escalation_contacts: a clinic's ordered list (position 1 first); out_of_hours_contacts:
  the service's one out-of-hours contact (id = 1). Each has a mobile or an email or both.
- escalations: every step sent (or found impossible) for a flag; UNIQUE (flag_id, step) is
  the atomic claim that keeps two app servers from sending one step twice.
- outbox_messages: what the local outbox adapter "sent" (the demo and the default set-up).

New tables only: nothing existing is re-created, so SQLite's batch mode never has to copy
`clinics` or `flags` (both referenced by other tables). No foreign key points at
flag_actions, which 0006 re-creates on SQLite.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:39:44

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # Frozen here: a migration must not change when the codes in Python do.
    op.create_table('out_of_hours_contacts',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.Column('mobile', sa.String(length=11), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.CheckConstraint('id = 1', name=op.f('ck_out_of_hours_contacts_only_one')),
    sa.CheckConstraint('mobile IS NOT NULL OR email IS NOT NULL', name=op.f('ck_out_of_hours_contacts_reachable')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_out_of_hours_contacts'))
    )
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.Enum('sms', 'email', name='outbox_channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('destination', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_outbox_messages_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_created_at', ['created_at'], unique=False)

    op.create_table('clinic_escalation_settings',
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('delay_minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('delay_minutes BETWEEN 5 AND 240', name=op.f('ck_clinic_escalation_settings_delay_in_range')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_clinic_escalation_settings_clinic_id_clinics')),
    sa.PrimaryKeyConstraint('clinic_id', name=op.f('pk_clinic_escalation_settings'))
    )
    op.create_table('clinic_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens_minute', sa.Integer(), nullable=False),
    sa.Column('closes_minute', sa.Integer(), nullable=False),
    sa.CheckConstraint('opens_minute >= 0 AND opens_minute < closes_minute AND closes_minute <= 1440', name=op.f('ck_clinic_hours_opens_before_closes')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_clinic_hours_weekday_known')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_clinic_hours_clinic_id_clinics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_hours')),
    sa.UniqueConstraint('clinic_id', 'weekday', name=op.f('uq_clinic_hours_clinic_id_weekday'))
    )
    op.create_table('escalation_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.Column('mobile', sa.String(length=11), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.CheckConstraint('mobile IS NOT NULL OR email IS NOT NULL', name=op.f('ck_escalation_contacts_reachable')),
    sa.CheckConstraint('position >= 1', name=op.f('ck_escalation_contacts_position_from_one')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_escalation_contacts_clinic_id_clinics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_contacts')),
    sa.UniqueConstraint('clinic_id', 'position', name=op.f('uq_escalation_contacts_clinic_id_position'))
    )
    op.create_table('escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('target', sa.Enum('clinic_contact', 'out_of_hours', 'nobody', name='escalation_target', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('contact_position', sa.Integer(), nullable=True),
    sa.Column('contact_name', sa.String(length=120), nullable=True),
    sa.Column('contact_role', sa.String(length=80), nullable=True),
    sa.Column('channel', sa.Enum('sms', 'email', name='escalation_channel', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('destination', sa.String(length=254), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('provider', sa.String(length=20), nullable=True),
    sa.Column('provider_message_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.Enum('claimed', 'created', 'sending', 'pending', 'sent', 'delivered', 'permanent-failure', 'temporary-failure', 'technical-failure', 'failed', 'no_contact', name='escalation_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.CheckConstraint("(target = 'nobody') = (channel IS NULL)", name=op.f('ck_escalations_channel_iff_someone')),
    sa.CheckConstraint('(channel IS NULL) = (destination IS NULL)', name=op.f('ck_escalations_destination_iff_channel')),
    sa.CheckConstraint('step >= 1', name=op.f('ck_escalations_step_from_one')),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_escalations_flag_id_flags')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalations')),
    sa.UniqueConstraint('flag_id', 'step', name=op.f('uq_escalations_flag_id_step'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('escalations')
    op.drop_table('escalation_contacts')
    op.drop_table('clinic_hours')
    op.drop_table('clinic_escalation_settings')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_created_at')

    op.drop_table('outbox_messages')
    op.drop_table('out_of_hours_contacts')
