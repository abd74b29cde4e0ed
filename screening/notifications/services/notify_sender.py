"""The GOV.UK Notify adapter: escalation messages by SMS and email through the real Notify API.

Design decisions:
- Built on the maintained `notifications-python-client`, which signs each request with a
  JWT (iss = service id, iat, HS256 with the key's secret) and posts to
  /v2/notifications/sms or /v2/notifications/email. The base URL is a parameter so the
  tests can point it at a local fake server that checks the real request shape.
- Never raises: a refused key (403), a refused template or number (400), a timeout or a
  refused connection all come back as a "failed" `SendResult` with Notify's own error
  words (no patient data is ever sent, so none can come back). A page that loads while
  Notify is down stays up; the escalation rule then tries the next contact at once.
- A short timeout: page loads use 2 seconds, the `escalate` command 10.
- Accepted means Notify's first status, "created"; Notify reports delivery later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from notifications_python_client.errors import APIError, TokenError
from notifications_python_client.notifications import NotificationsAPIClient

from screening.errors import ScreeningError
from screening.notifications.rules.messages import Message
from screening.notifications.rules.sending import SendResult

log = logging.getLogger(__name__)
NOTIFY_URL = "https://api.notifications.service.gov.uk"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_KEY = re.compile(rf"^.+-({_UUID})-({_UUID})$")


class NotifyMisconfigured(ScreeningError):
    """The Notify settings cannot work; the message says which one to fix."""


def check_api_key(api_key: str) -> None:
    if _KEY.match(api_key or "") is None:
        raise NotifyMisconfigured(
            "SCREENING_NOTIFY_API_KEY is not a GOV.UK Notify API key: copy the whole key "
            "(key name, service id and secret joined by '-') from Notify's API integration page."
        )


def error_text(error: Exception) -> str:
    """Notify's own error words, e.g. "403 AuthError: Invalid token: API key not found"."""
    if isinstance(error, APIError):
        message: Any = error.message
        if isinstance(message, list):
            message = "; ".join(f"{e.get('error', 'Error')}: {e.get('message', '')}" for e in message)
        return f"{error.status_code} {message}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


class NotifySender:
    name = "notify"

    def __init__(
        self, api_key: str, *, sms_template: str, email_template: str, base_url: str = NOTIFY_URL,
        timeout: float = 10.0,
    ) -> None:  # fmt: skip
        check_api_key(api_key)
        self.sms_template, self.email_template = sms_template, email_template
        self._client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)

    def send_sms(self, phone_number: str, message: Message) -> SendResult:
        return self._send(lambda: self._client.send_sms_notification(
            phone_number, self.sms_template, personalisation=message.personalisation, reference=message.reference))  # fmt: skip

    def send_email(self, email_address: str, message: Message) -> SendResult:
        return self._send(lambda: self._client.send_email_notification(
            email_address, self.email_template, personalisation=message.personalisation,
            reference=message.reference))  # fmt: skip

    def _send(self, call: Callable[[], Any]) -> SendResult:
        try:
            response = call()
        except (APIError, TokenError, OSError, ValueError) as error:
            log.warning("GOV.UK Notify refused or could not be reached: %s", error_text(error))
            return SendResult(self.name, None, "failed", error_text(error))
        return SendResult(self.name, str(response.get("id") or "") or None, "created")
