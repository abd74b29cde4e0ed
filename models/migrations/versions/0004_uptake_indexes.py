"""Covering indexes for the uptake analyses (issue 8).

The uptake queries read attended appointments by (status, time) and sittings by start
time, and need only the patient and clinic (and a sitting's status and mode) from each
row. With those columns in the index, both databases answer from the index alone,
without a table lookup per row: about twice as fast at 3,000,000 appointments.
`ix_attendances_uptake` replaces `ix_attendances_status_appointment_at`, whose columns
are its leading ones, so every query that used the old index can use the new one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 08:05:00

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index('ix_attendances_status_appointment_at', table_name='attendances')
    op.create_index('ix_attendances_uptake', 'attendances', ['status', 'appointment_at', 'patient_id', 'clinic_id'],
                    unique=False)
    op.create_index('ix_screening_sessions_uptake', 'screening_sessions',
                    ['started_at', 'patient_id', 'clinic_id', 'status', 'mode'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_screening_sessions_uptake', table_name='screening_sessions')
    op.drop_index('ix_attendances_uptake', table_name='attendances')
    op.create_index('ix_attendances_status_appointment_at', 'attendances', ['status', 'appointment_at'], unique=False)
