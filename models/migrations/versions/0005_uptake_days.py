"""The uptake summary (`uptake_days`), the queue of patients whose rows are out of date
(`uptake_stale`), the triggers that fill the queue, and covering indexes of a patient's
attendances and sittings for the refresh (issue 8).

Every insert, delete, or update of a column the uptake definitions read, on attendances,
screening sessions and flags (and an update of a patient's breakdown values, or a clinic
moved to another site), appends the patient to `uptake_stale`, whatever code made
the change (the tablet, an import, a bulk load, a hand-typed SQL statement). The refresh
(`screening.uptake.services.uptake_days`) rewrites those patients' rows. On upgrade every
patient is queued, so the first refresh builds the summary from what is already stored
(`python -m screening refresh-uptake` does it straight away).

PostgreSQL: inserts and deletes use statement triggers with transition tables (one
INSERT ... SELECT per statement, however many rows, which matters for imports and COPY);
updates use row triggers limited to the columns that matter, which PostgreSQL does not
allow with transition tables. SQLite: row triggers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 10:05:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Source table -> the columns whose change alters a patient's summary rows.
WATCHED = {
    'attendances': ('patient_id', 'clinic_id', 'appointment_at', 'status'),
    'screening_sessions': ('patient_id', 'clinic_id', 'started_at', 'status', 'mode'),
    'flags': ('patient_id', 'session_id', 'due_at', 'acknowledged_at', 'closed_at', 'outcome'),
}
# Every patient with an attendance or a sitting at the clinic NEW.id (a clinic moved to another site).
CLINIC_PATIENTS = ('SELECT patient_id FROM attendances WHERE clinic_id = NEW.id '
                   'UNION SELECT patient_id FROM screening_sessions WHERE clinic_id = NEW.id')
# The patient's values copied onto the summary rows (and the date of birth, for the age).
PATIENT_VALUES = ('ethnic_category', 'imd_decile', 'gender_code', 'preferred_language', 'interpreter_needed',
                  'diagnosis_group', 'date_of_birth')


def _postgresql_triggers() -> list[str]:
    statements = [
        """CREATE FUNCTION uptake_stale_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO uptake_stale (patient_id) SELECT DISTINCT patient_id FROM new_rows ORDER BY patient_id;
            RETURN NULL;
        END $$""",
        """CREATE FUNCTION uptake_stale_old_rows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO uptake_stale (patient_id) SELECT DISTINCT patient_id FROM old_rows ORDER BY patient_id;
            RETURN NULL;
        END $$""",
        """CREATE FUNCTION uptake_stale_updated_patient() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO uptake_stale (patient_id) VALUES (NEW.id);
            RETURN NULL;
        END $$""",
        """CREATE FUNCTION uptake_stale_updated_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO uptake_stale (patient_id) VALUES (NEW.patient_id);
            IF OLD.patient_id <> NEW.patient_id THEN
                INSERT INTO uptake_stale (patient_id) VALUES (OLD.patient_id);
            END IF;
            RETURN NULL;
        END $$""",
    ]
    for table, columns in WATCHED.items():
        changed = ' OR '.join(f'OLD.{c} IS DISTINCT FROM NEW.{c}' for c in columns)
        statements += [
            f"CREATE TRIGGER uptake_stale_{table}_insert AFTER INSERT ON {table} "
            f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION uptake_stale_new_rows()",
            f"CREATE TRIGGER uptake_stale_{table}_delete AFTER DELETE ON {table} "
            f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION uptake_stale_old_rows()",
            f"CREATE TRIGGER uptake_stale_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION uptake_stale_updated_row()",
        ]
    changed = ' OR '.join(f'OLD.{c} IS DISTINCT FROM NEW.{c}' for c in PATIENT_VALUES)
    statements.append(
        f"CREATE TRIGGER uptake_stale_patients_update AFTER UPDATE OF {', '.join(PATIENT_VALUES)} ON patients "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION uptake_stale_updated_patient()")
    statements += [
        f"""CREATE FUNCTION uptake_stale_moved_clinic() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO uptake_stale (patient_id) {CLINIC_PATIENTS} ORDER BY patient_id;
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER uptake_stale_clinics_update AFTER UPDATE OF site_id ON clinics "
        "FOR EACH ROW WHEN (OLD.site_id IS DISTINCT FROM NEW.site_id) EXECUTE FUNCTION uptake_stale_moved_clinic()",
    ]
    return statements


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, columns in WATCHED.items():
        changed = ' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in columns)
        statements += [
            f"CREATE TRIGGER uptake_stale_{table}_insert AFTER INSERT ON {table} "
            f"BEGIN INSERT INTO uptake_stale (patient_id) VALUES (NEW.patient_id); END",
            f"CREATE TRIGGER uptake_stale_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN INSERT INTO uptake_stale (patient_id) VALUES (OLD.patient_id); END",
            f"CREATE TRIGGER uptake_stale_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"WHEN {changed} BEGIN "
            f"INSERT INTO uptake_stale (patient_id) VALUES (NEW.patient_id); "
            f"INSERT INTO uptake_stale (patient_id) SELECT OLD.patient_id WHERE OLD.patient_id <> NEW.patient_id; "
            f"END",
        ]
    changed = ' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in PATIENT_VALUES)
    statements.append(
        f"CREATE TRIGGER uptake_stale_patients_update AFTER UPDATE OF {', '.join(PATIENT_VALUES)} ON patients "
        f"WHEN {changed} BEGIN INSERT INTO uptake_stale (patient_id) VALUES (NEW.id); END")
    statements.append(
        "CREATE TRIGGER uptake_stale_clinics_update AFTER UPDATE OF site_id ON clinics "
        f"WHEN OLD.site_id IS NOT NEW.site_id BEGIN INSERT INTO uptake_stale (patient_id) {CLINIC_PATIENTS}; END")
    return statements


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('uptake_days',
    sa.Column('unit', sa.String(length=7), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('patient_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('place_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('prev_day', sa.Date(), nullable=True),
    sa.Column('next_attended', sa.Date(), nullable=True),
    sa.Column('next_offered', sa.Date(), nullable=True),
    sa.Column('next_screened', sa.Date(), nullable=True),
    sa.Column('next_declined', sa.Date(), nullable=True),
    sa.Column('next_assisted', sa.Date(), nullable=True),
    sa.Column('next_flagged', sa.Date(), nullable=True),
    sa.Column('next_late', sa.Date(), nullable=True),
    sa.Column('next_unresolved', sa.Date(), nullable=True),
    sa.Column('ethnic_category', sa.String(length=2), nullable=False),
    sa.Column('imd_decile', sa.SmallInteger(), nullable=True),
    sa.Column('gender_code', sa.String(length=1), nullable=False),
    sa.Column('preferred_language', sa.String(length=40), nullable=False),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('diagnosis_group', sa.String(length=60), nullable=False),
    sa.Column('age_attended', sa.SmallInteger(), nullable=True),
    sa.CheckConstraint('prev_day IS NULL OR prev_day < day', name=op.f('ck_uptake_days_prev_day_before_day')),
    sa.CheckConstraint("unit IN ('patient', 'site', 'clinic')", name=op.f('ck_uptake_days_unit_known')),
    sa.PrimaryKeyConstraint('unit', 'day', 'patient_id', 'place_id', name=op.f('pk_uptake_days')),
    sqlite_with_rowid=False
    )
    op.create_index('ix_uptake_days_patient_id', 'uptake_days', ['patient_id'], unique=False)
    op.create_table('uptake_stale',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uptake_stale'))
    )
    # A patient's attendances and sittings, covering what the refresh reads; each replaces
    # an index made of its leading columns.
    op.drop_index('ix_attendances_patient_id', table_name='attendances')
    op.create_index('ix_attendances_by_patient', 'attendances', ['patient_id', 'status', 'appointment_at', 'clinic_id'],
                    unique=False)
    op.drop_index('ix_screening_sessions_patient_id_started_at', table_name='screening_sessions')
    op.create_index('ix_screening_sessions_by_patient', 'screening_sessions',
                    ['patient_id', 'started_at', 'clinic_id', 'status', 'mode'], unique=False)
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for statement in _postgresql_triggers() if postgresql else _sqlite_triggers():
        op.execute(statement)
    op.execute('INSERT INTO uptake_stale (patient_id) SELECT id FROM patients ORDER BY id')


def downgrade() -> None:
    """Downgrade schema."""
    postgresql = op.get_bind().dialect.name == 'postgresql'
    triggers = [(table, event) for table in WATCHED for event in ('insert', 'delete', 'update')]
    for table, event in [*triggers, ('patients', 'update'), ('clinics', 'update')]:
        op.execute(f'DROP TRIGGER IF EXISTS uptake_stale_{table}_{event}' + (f' ON {table}' if postgresql else ''))
    if postgresql:
        for name in ('uptake_stale_new_rows', 'uptake_stale_old_rows', 'uptake_stale_updated_row',
                     'uptake_stale_updated_patient', 'uptake_stale_moved_clinic'):
            op.execute(f'DROP FUNCTION IF EXISTS {name}()')
    op.drop_index('ix_screening_sessions_by_patient', table_name='screening_sessions')
    op.create_index('ix_screening_sessions_patient_id_started_at', 'screening_sessions', ['patient_id', 'started_at'],
                    unique=False)
    op.drop_index('ix_attendances_by_patient', table_name='attendances')
    op.create_index('ix_attendances_patient_id', 'attendances', ['patient_id'], unique=False)
    op.drop_table('uptake_stale')
    op.drop_index('ix_uptake_days_patient_id', table_name='uptake_days')
    op.drop_table('uptake_days')
