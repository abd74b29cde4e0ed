"""Each flag's escalations for the patient view: who was told, when, how, and what became of it.

Psychologists only (VIEW_PATIENT_HISTORY), and only flags of sittings at their sites.
Staff names and work contact routes, never anything about the patient.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Escalation, Flag, ScreeningSession
from screening.notifications.rules.sending import CHANNEL_LABELS, STATUS_LABELS
from screening.policy import Action, CurrentUser, require


@dataclass(frozen=True)
class EscalationView:
    step: int
    at: datetime
    told: str  # "Dr Ada Hart (Consultant)", or who could not be told
    channel: str
    status: str
    failed_because: str | None


def flag_escalations(
    session: Session, actor: CurrentUser, flag_ids: Iterable[int]
) -> dict[int, tuple[EscalationView, ...]]:
    require(actor, Action.VIEW_PATIENT_HISTORY)
    ids = list(flag_ids)
    if not ids:
        return {}
    query = (
        select(Escalation)
        .join(Flag, Flag.id == Escalation.flag_id)
        .join(ScreeningSession, ScreeningSession.id == Flag.session_id)
        .join(Clinic, Clinic.id == ScreeningSession.clinic_id)
        .where(Escalation.flag_id.in_(ids))
        .order_by(Escalation.flag_id, Escalation.step)
    )
    if actor.site_ids is not None:
        query = query.where(Clinic.site_id.in_(actor.site_ids))
    found: dict[int, list[EscalationView]] = defaultdict(list)
    for row in session.scalars(query):
        told = f"{row.contact_name} ({row.contact_role})" if row.contact_name else "Nobody: no contact configured"
        if row.target == "out_of_hours":
            told += ", out of hours"
        found[row.flag_id].append(EscalationView(
            row.step, row.sent_at or row.claimed_at, told, CHANNEL_LABELS.get(row.channel or "", "-"),
            STATUS_LABELS.get(row.status, row.status), row.error))  # fmt: skip
    return {flag_id: tuple(rows) for flag_id, rows in found.items()}
