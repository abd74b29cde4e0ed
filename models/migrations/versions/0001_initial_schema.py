"""Initial schema: the whole product's data model, and the append-only audit log.

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 05:57:18.855248

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# The audit log is append-only on both databases, whatever client connects.
_PG_AUDIT_GUARD = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
"""
_SQLITE_AUDIT_GUARD = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is not allowed'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is not allowed'); END",
)


def _add_audit_guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_AUDIT_GUARD)
    else:
        for statement in _SQLITE_AUDIT_GUARD:
            op.execute(statement)


def _drop_audit_guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update_delete ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('app_meta',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_meta'))
    )
    op.create_table('patients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nhs_number', sa.String(length=10), nullable=False),
    sa.Column('hospital_number', sa.String(length=20), nullable=True),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('gender_code', sa.Enum('1', '2', '9', 'X', name='gender_code', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('ethnic_category', sa.Enum('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'Z', '99', name='ethnic_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('imd_decile', sa.SmallInteger(), nullable=True),
    sa.Column('imd_version', sa.Enum('IMD2019', 'IMD2025', name='imd_version', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('preferred_language', sa.String(length=40), nullable=False),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('diagnosis_group', sa.String(length=60), nullable=False),
    sa.Column('pseudo_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(imd_decile IS NULL) = (imd_version IS NULL)', name=op.f('ck_patients_imd_decile_has_version')),
    sa.CheckConstraint('imd_decile BETWEEN 1 AND 10', name=op.f('ck_patients_imd_decile_range')),
    sa.CheckConstraint('length(nhs_number) = 10', name=op.f('ck_patients_nhs_number_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patients')),
    sa.UniqueConstraint('nhs_number', name=op.f('uq_patients_nhs_number')),
    sa.UniqueConstraint('pseudo_id', name=op.f('uq_patients_pseudo_id'))
    )
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.create_index('ix_patients_family_name_given_name', ['family_name', 'given_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_patients_hospital_number'), ['hospital_number'], unique=False)

    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('code', name=op.f('uq_sites_code'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('clinic_staff', 'psychologist', 'service_manager', 'administrator', name='user_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('all_sites', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('pin_hash', sa.String(length=200), nullable=True),
    sa.Column('oidc_subject', sa.String(length=200), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('oidc_subject', name=op.f('uq_users_oidc_subject')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('app_session', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_audit_events_actor_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_events_entity_type_entity_id', ['entity_type', 'entity_id'], unique=False)

    op.create_table('clinics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('specialty', sa.Enum('haemoglobinopathy', 'haemato_oncology', 'haemostasis_thrombosis', 'general_haematology', name='specialty', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('bundle', sa.Enum('full', 'gateway', name='bundle', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_clinics_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinics')),
    sa.UniqueConstraint('code', name=op.f('uq_clinics_code'))
    )
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinics_site_id'), ['site_id'], unique=False)

    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('attendances', 'screenings', name='import_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('inserted', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_import_runs_actor_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    op.create_table('user_sites',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_user_sites_site_id_sites')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sites_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'site_id', name=op.f('pk_user_sites'))
    )
    op.create_table('attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('appointment_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('attended', 'did_not_attend', 'cancelled', name='attendance_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_ref', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_attendances_clinic_id_clinics')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_attendances_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendances')),
    sa.UniqueConstraint('source_ref', name=op.f('uq_attendances_source_ref'))
    )
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index('ix_attendances_clinic_id_appointment_at', ['clinic_id', 'appointment_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendances_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index('ix_attendances_status_appointment_at', ['status', 'appointment_at'], unique=False)

    op.create_table('screening_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('attendance_id', sa.Integer(), nullable=True),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('in_progress', 'completed', 'declined', 'abandoned', name='session_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decline_reason', sa.String(length=200), nullable=True),
    sa.Column('mode', sa.Enum('self', 'assisted', name='session_mode', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('language', sa.String(length=40), nullable=False),
    sa.Column('bundle', sa.String(length=20), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.Enum('live', 'import', 'demo', name='session_source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('source_ref', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'completed') = (completed_at IS NOT NULL)", name=op.f('ck_screening_sessions_completed_at_iff_completed')),
    sa.CheckConstraint("status <> 'declined' OR decline_reason IS NOT NULL", name=op.f('ck_screening_sessions_declined_has_reason')),
    sa.ForeignKeyConstraint(['attendance_id'], ['attendances.id'], name=op.f('fk_screening_sessions_attendance_id_attendances')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_screening_sessions_clinic_id_clinics')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_screening_sessions_patient_id_patients')),
    sa.ForeignKeyConstraint(['staff_user_id'], ['users.id'], name=op.f('fk_screening_sessions_staff_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_sessions')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_screening_sessions_idempotency_key')),
    sa.UniqueConstraint('source_ref', name=op.f('uq_screening_sessions_source_ref'))
    )
    with op.batch_alter_table('screening_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_sessions_attendance_id'), ['attendance_id'], unique=False)
        batch_op.create_index('ix_screening_sessions_clinic_id_started_at', ['clinic_id', 'started_at'], unique=False)
        batch_op.create_index('ix_screening_sessions_patient_id_started_at', ['patient_id', 'started_at'], unique=False)
        batch_op.create_index('ix_screening_sessions_status_started_at', ['status', 'started_at'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.String(length=20), nullable=False),
    sa.Column('instrument_version', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.String(length=30), nullable=False),
    sa.Column('value_number', sa.Float(), nullable=True),
    sa.Column('value_code', sa.String(length=10), nullable=True),
    sa.Column('declined', sa.Boolean(), nullable=False),
    sa.Column('answered_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(CASE WHEN value_number IS NOT NULL THEN 1 ELSE 0 END) + (CASE WHEN value_code IS NOT NULL THEN 1 ELSE 0 END) + (CASE WHEN declined THEN 1 ELSE 0 END) = 1', name=op.f('ck_answers_exactly_one_value')),
    sa.ForeignKeyConstraint(['answered_by_user_id'], ['users.id'], name=op.f('fk_answers_answered_by_user_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['screening_sessions.id'], name=op.f('fk_answers_session_id_screening_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('session_id', 'item_id', name=op.f('uq_answers_session_id_item_id'))
    )
    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('psychological', 'physical', name='flag_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('rule_code', sa.String(length=40), nullable=False),
    sa.Column('priority', sa.Enum('urgent', 'high', 'routine', 'signpost', name='flag_priority', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('open', 'acknowledged', 'contact_attempted', 'closed', name='flag_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('assignee_user_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Enum('referred', 'already_under_care', 'declined_by_patient', 'no_further_action', 'historical_import', name='flag_outcome', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('outcome_detail', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'closed') = (outcome IS NOT NULL)", name=op.f('ck_flags_closed_iff_outcome')),
    sa.ForeignKeyConstraint(['assignee_user_id'], ['users.id'], name=op.f('fk_flags_assignee_user_id_users')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_flags_patient_id_patients')),
    sa.ForeignKeyConstraint(['session_id'], ['screening_sessions.id'], name=op.f('fk_flags_session_id_screening_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('session_id', 'rule_code', name=op.f('uq_flags_session_id_rule_code'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index('ix_flags_assignee_user_id', ['assignee_user_id'], unique=False)
        batch_op.create_index('ix_flags_kind_status_priority_due_at', ['kind', 'status', 'priority', 'due_at'], unique=False)
        batch_op.create_index('ix_flags_patient_id', ['patient_id'], unique=False)

    op.create_table('scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.String(length=20), nullable=False),
    sa.Column('instrument_version', sa.String(length=20), nullable=False),
    sa.Column('raw_sum', sa.Integer(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('band', sa.String(length=40), nullable=True),
    sa.Column('prorated', sa.Boolean(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('NOT prorated OR total IS NOT NULL', name=op.f('ck_scores_prorated_has_total')),
    sa.CheckConstraint('total IS NOT NULL OR value IS NOT NULL OR detail IS NOT NULL OR band IS NULL', name=op.f('ck_scores_band_needs_result')),
    sa.ForeignKeyConstraint(['session_id'], ['screening_sessions.id'], name=op.f('fk_scores_session_id_screening_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores')),
    sa.UniqueConstraint('session_id', 'instrument_id', name=op.f('uq_scores_session_id_instrument_id'))
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index('ix_scores_instrument_id_total', ['instrument_id', 'total'], unique=False)

    op.create_table('flag_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('created', 'acknowledge', 'contact_attempt', 'close', 'reassign', 'reopen', name='flag_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('contact_method', sa.Enum('phone', 'in_clinic', 'letter', name='contact_method', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_flag_actions_actor_user_id_users')),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_flag_actions_flag_id_flags')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_actions'))
    )
    with op.batch_alter_table('flag_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_actions_flag_id'), ['flag_id'], unique=False)


    _add_audit_guard()

def downgrade() -> None:
    """Downgrade schema."""
    _drop_audit_guard()
    with op.batch_alter_table('flag_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_actions_flag_id'))

    op.drop_table('flag_actions')
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index('ix_scores_instrument_id_total')

    op.drop_table('scores')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index('ix_flags_patient_id')
        batch_op.drop_index('ix_flags_kind_status_priority_due_at')
        batch_op.drop_index('ix_flags_assignee_user_id')

    op.drop_table('flags')
    op.drop_table('answers')
    with op.batch_alter_table('screening_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_screening_sessions_status_started_at')
        batch_op.drop_index('ix_screening_sessions_patient_id_started_at')
        batch_op.drop_index('ix_screening_sessions_clinic_id_started_at')
        batch_op.drop_index(batch_op.f('ix_screening_sessions_attendance_id'))

    op.drop_table('screening_sessions')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index('ix_attendances_status_appointment_at')
        batch_op.drop_index(batch_op.f('ix_attendances_patient_id'))
        batch_op.drop_index('ix_attendances_clinic_id_appointment_at')

    op.drop_table('attendances')
    op.drop_table('user_sites')
    op.drop_table('import_runs')
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinics_site_id'))

    op.drop_table('clinics')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_entity_type_entity_id')
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('users')
    op.drop_table('sites')
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patients_hospital_number'))
        batch_op.drop_index('ix_patients_family_name_given_name')

    op.drop_table('patients')
    op.drop_table('app_meta')
