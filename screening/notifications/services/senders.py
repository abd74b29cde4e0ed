"""Which adapter sends: GOV.UK Notify when its API key is set, else the local outbox.

| Variable | Meaning |
| --- | --- |
| SCREENING_NOTIFY_API_KEY | Notify API key; when set, messages go through Notify |
| SCREENING_NOTIFY_SMS_TEMPLATE, SCREENING_NOTIFY_EMAIL_TEMPLATE | Notify template ids (both needed with the key) |
| SCREENING_NOTIFY_BASE_URL | Notify's API address (tests point it at a local fake) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from screening.database.services.database import Database
from screening.notifications.rules.sending import Sender
from screening.notifications.services.notify_sender import NOTIFY_URL, NotifyMisconfigured, NotifySender
from screening.notifications.services.outbox import OutboxSender

API_KEY, SMS_TEMPLATE, EMAIL_TEMPLATE, BASE_URL = (
    "SCREENING_NOTIFY_API_KEY", "SCREENING_NOTIFY_SMS_TEMPLATE", "SCREENING_NOTIFY_EMAIL_TEMPLATE",
    "SCREENING_NOTIFY_BASE_URL",
)  # fmt: skip


def configured_sender(database: Database, *, timeout: float, environ: Mapping[str, str] = os.environ) -> Sender:
    """The Notify adapter when SCREENING_NOTIFY_API_KEY is set, else the outbox."""
    key = environ.get(API_KEY, "").strip()
    if not key:
        return OutboxSender(database.sessions)
    sms, email = environ.get(SMS_TEMPLATE, "").strip(), environ.get(EMAIL_TEMPLATE, "").strip()
    if not (sms and email):
        raise NotifyMisconfigured(
            f"{API_KEY} is set but {SMS_TEMPLATE} and {EMAIL_TEMPLATE} are not both set: copy the two "
            "template ids from GOV.UK Notify (see docs/escalation.md)."
        )
    base_url = environ.get(BASE_URL, "").strip() or NOTIFY_URL
    return NotifySender(key, sms_template=sms, email_template=email, base_url=base_url, timeout=timeout)
