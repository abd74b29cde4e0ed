"""The GOV.UK Notify adapter: escalations and invitations by SMS and email through the real Notify API.

Design decisions:
- Built on the maintained `notifications-python-client`, which signs each request with a
  JWT (iss = service id, iat, HS256 with the key's secret) and posts to
  /v2/notifications/sms or /v2/notifications/email. The base URL is a parameter so the
  tests can point it at a local fake server that checks the real request shape.
- Never raises: a refused key (403), a refused template or number (400), a timeout or a
  refused connection all come back as a "failed" `SendResult` with Notify's own error
  words. A page that loads while Notify is down stays up; the escalation rule then tries
  the next contact at once.
- An invitation's personalisation is a link holding a secret token, and Notify's errors
  can echo what was sent: every error is `scrubbed` of the link, the destination, web
  addresses and token-shaped text before it is logged or returned (and so stored).
- Four templates: escalation SMS and email (always), invitation SMS and email (needed
  only to send invitations: without them an invitation fails, saying which to set).
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
from screening.notifications.rules.messages import Message, scrubbed
from screening.notifications.rules.sending import SendResult

log = logging.getLogger(__name__)


class _ScrubbedLog(logging.Filter):
    """The client library logs Notify's error words itself: scrub them as ours are."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = scrubbed(record.getMessage()), None
        return True


logging.getLogger("notifications_python_client.base").addFilter(_ScrubbedLog())
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


INVITATION_SMS_TEMPLATE = "SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE"
INVITATION_EMAIL_TEMPLATE = "SCREENING_NOTIFY_INVITATION_EMAIL_TEMPLATE"


class NotifySender:
    name = "notify"

    def __init__(
        self, api_key: str, *, sms_template: str, email_template: str, base_url: str = NOTIFY_URL,
        timeout: float = 10.0, invitation_sms_template: str | None = None,
        invitation_email_template: str | None = None,
    ) -> None:  # fmt: skip
        check_api_key(api_key)
        self.sms_template, self.email_template = sms_template, email_template
        self.invitation_sms_template, self.invitation_email_template = (
            invitation_sms_template,
            invitation_email_template,
        )
        self._client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)

    @property
    def sends_invitations(self) -> bool:
        return bool(self.invitation_sms_template and self.invitation_email_template)

    def template_for(self, channel: str, message: Message) -> str | None:
        if message.template == "invitation":
            return self.invitation_sms_template if channel == "sms" else self.invitation_email_template
        return self.sms_template if channel == "sms" else self.email_template

    def send_sms(self, phone_number: str, message: Message) -> SendResult:
        template = self.template_for("sms", message)
        return self._send(message, phone_number, template, lambda: self._client.send_sms_notification(
            phone_number, template, personalisation=message.personalisation, reference=message.reference))  # fmt: skip

    def send_email(self, email_address: str, message: Message) -> SendResult:
        template = self.template_for("email", message)
        return self._send(message, email_address, template, lambda: self._client.send_email_notification(
            email_address, template, personalisation=message.personalisation,
            reference=message.reference))  # fmt: skip

    def _send(self, message: Message, destination: str, template: str | None, call: Callable[[], Any]) -> SendResult:
        if not template:
            error = (f"no GOV.UK Notify template for {message.template} messages: set {INVITATION_SMS_TEMPLATE} "
                     f"and {INVITATION_EMAIL_TEMPLATE}")  # fmt: skip
            log.warning("GOV.UK Notify not asked: %s", error)
            return SendResult(self.name, None, "failed", error)
        try:
            response = call()
        except (APIError, TokenError, OSError, ValueError) as error:
            text = scrubbed(error_text(error), link=message.personalisation.get("link"), destination=destination)
            log.warning("GOV.UK Notify refused or could not be reached: %s", text)
            return SendResult(self.name, None, "failed", text[:500])
        return SendResult(self.name, str(response.get("id") or "") or None, "created")
