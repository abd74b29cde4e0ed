"""The one sending interface, and the delivery statuses every adapter reports.

Statuses are GOV.UK Notify's own words (created, sending, pending, sent, delivered and
the three failures), plus three of ours: "claimed" (the step is taken, nothing sent yet),
"failed" (the message never reached the provider: a refused key or template, a network
error) and "no_contact" (nobody could be told: no contact is configured).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from screening.notifications.rules.messages import Message

CHANNELS: tuple[str, ...] = ("sms", "email")
CHANNEL_LABELS = {"sms": "SMS", "email": "email"}
NOTIFY_STATUSES: tuple[str, ...] = (
    "created", "sending", "pending", "sent", "delivered",
    "permanent-failure", "temporary-failure", "technical-failure",
)  # fmt: skip
DELIVERY_STATUSES: tuple[str, ...] = ("claimed", *NOTIFY_STATUSES, "failed", "no_contact")
FAILED_STATUSES: frozenset[str] = frozenset({"permanent-failure", "temporary-failure", "technical-failure", "failed"})


@dataclass(frozen=True)
class SendResult:
    """What one send attempt came to: never an exception, so a page never breaks on it."""

    provider: str  # "notify" or "outbox"
    provider_id: str | None
    status: str
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


class Sender(Protocol):
    """Sends one message; reports failure in the result instead of raising."""

    name: str

    def send_sms(self, phone_number: str, message: Message) -> SendResult: ...

    def send_email(self, email_address: str, message: Message) -> SendResult: ...


def send(sender: Sender, channel: str, destination: str, message: Message) -> SendResult:
    if channel == "sms":
        return sender.send_sms(destination, message)
    return sender.send_email(destination, message)


STATUS_LABELS = {
    "claimed": "Being sent", "created": "Accepted by GOV.UK Notify", "sending": "Sending", "pending": "Pending",
    "sent": "Sent", "delivered": "Delivered", "permanent-failure": "Not delivered: number or address not working",
    "temporary-failure": "Not delivered: phone off or inbox full", "technical-failure": "Not delivered: Notify fault",
    "failed": "Failed to send", "no_contact": "Nobody could be told: no contact configured",
}  # fmt: skip
