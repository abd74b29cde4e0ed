"""ORM models and migrations only: no Streamlit, no pandas, no clinical rules."""

from models.audit import AppMeta, AuditChainHead, AuditEvent, ImportRun
from models.base import Base, utcnow
from models.escalation import (
    ClinicEscalationSetting,
    ClinicHours,
    Escalation,
    EscalationContact,
    OutboxMessage,
    OutOfHoursContact,
)
from models.fhir_push import FhirDelivery, FhirPushSetting
from models.flags import Flag, FlagAction
from models.handovers import Handover
from models.import_staging import ImportStagedRow
from models.patients import Attendance, Patient
from models.reference import Clinic, Site
from models.remote import ClinicInvitationSetting, InvitationMessage, PatientContact, RemoteInvitation, RemoteLink
from models.sessions import Answer, Score, ScreeningSession
from models.staff_sessions import StaffSession
from models.translations import Translation
from models.uptake_days import UptakeBucket, UptakeDay, UptakeStale, UptakeValues
from models.users import User, user_sites

__all__ = [
    "Answer",
    "AppMeta",
    "Attendance",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "Clinic",
    "ClinicEscalationSetting",
    "ClinicHours",
    "ClinicInvitationSetting",
    "Escalation",
    "EscalationContact",
    "FhirDelivery",
    "FhirPushSetting",
    "Flag",
    "FlagAction",
    "Handover",
    "ImportRun",
    "ImportStagedRow",
    "InvitationMessage",
    "OutOfHoursContact",
    "OutboxMessage",
    "Patient",
    "PatientContact",
    "RemoteInvitation",
    "RemoteLink",
    "Score",
    "ScreeningSession",
    "Site",
    "StaffSession",
    "Translation",
    "UptakeBucket",
    "UptakeDay",
    "UptakeStale",
    "UptakeValues",
    "User",
    "user_sites",
    "utcnow",
]
