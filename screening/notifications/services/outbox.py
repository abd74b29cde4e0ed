"""The local outbox adapter: messages kept in a table for staff to read, instead of sent.

The demo and any installation without a GOV.UK Notify API key use it, so escalation
works (and can be watched on the Outbox page) before a trust has a Notify account. Each
message is written in its own short transaction, as a real send would be outside the
escalation's claim. Staff see the messages of their own sites, and those with no site.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models import OutboxMessage
from models.database import session_scope
from screening.notifications.rules.messages import INVITATION_REFERENCE, Message
from screening.notifications.rules.sending import SendResult
from screening.policy import Action, CurrentUser, require

log = logging.getLogger(__name__)
SHOWN = 500  # newest messages on the page


@dataclass(frozen=True)
class OutboxRow:
    created_at: datetime
    channel: str
    destination: str
    subject: str | None
    body: str
    reference: str | None = None

    @property
    def to_patient(self) -> bool:
        """A secure-link invitation (issue 17), not an escalation to staff."""
        return (self.reference or "").startswith(INVITATION_REFERENCE)


class OutboxSender:
    name = "outbox"

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def send_sms(self, phone_number: str, message: Message) -> SendResult:
        return self._keep("sms", phone_number, message)

    def send_email(self, email_address: str, message: Message) -> SendResult:
        return self._keep("email", email_address, message)

    def _keep(self, channel: str, destination: str, message: Message) -> SendResult:
        try:
            with session_scope(self._sessions) as session:
                row = OutboxMessage(channel=channel, destination=destination, subject=message.subject,
                                    body=message.body, reference=message.reference, site_id=message.site_id)  # fmt: skip
                session.add(row)
                session.flush()
                return SendResult(self.name, f"outbox-{row.id}", "delivered")
        except SQLAlchemyError as error:
            log.warning("the outbox could not keep a message: %s", type(error).__name__)
            return SendResult(self.name, None, "failed", f"outbox: {type(error).__name__}")


def outbox_messages(session: Session, actor: CurrentUser, *, limit: int = SHOWN) -> list[OutboxRow]:
    """The newest messages first, at the actor's sites (or with no site)."""
    require(actor, Action.VIEW_OUTBOX)
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit)
    if actor.site_ids is not None:
        query = query.where(or_(OutboxMessage.site_id.is_(None), OutboxMessage.site_id.in_(actor.site_ids)))
    return [OutboxRow(m.created_at, m.channel, m.destination, m.subject, m.body, m.reference)
            for m in session.scalars(query)]  # fmt: skip
