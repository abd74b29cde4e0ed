"""Which adapter sends: GOV.UK Notify when its API key is set, else the local outbox.

| Variable | Meaning |
| --- | --- |
| SCREENING_NOTIFY_API_KEY | Notify API key; when set, messages go through Notify |
| SCREENING_NOTIFY_SMS_TEMPLATE, SCREENING_NOTIFY_EMAIL_TEMPLATE | Escalation template ids (both needed with the key) |
| SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE, SCREENING_NOTIFY_INVITATION_EMAIL_TEMPLATE | Invitation template ids (both, to send invitations) |
| SCREENING_NOTIFY_BASE_URL | Notify's API address (tests point it at a local fake) |

Invitations (issue 17) carry a link that opens a patient's questionnaire, and the outbox
keeps a message's words in the database: so outside the demo an invitation never goes
to the outbox (`invitation_sender` refuses, saying what the administrator must set).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from screening.database.services.database import Database
from screening.database.services.demo_database import demo_mode
from screening.notifications.rules.sending import Sender
from screening.notifications.services.notify_sender import (
    INVITATION_EMAIL_TEMPLATE,
    INVITATION_SMS_TEMPLATE,
    NOTIFY_URL,
    NotifyMisconfigured,
    NotifySender,
)
from screening.notifications.services.outbox import OutboxSender

API_KEY, SMS_TEMPLATE, EMAIL_TEMPLATE, BASE_URL = (
    "SCREENING_NOTIFY_API_KEY", "SCREENING_NOTIFY_SMS_TEMPLATE", "SCREENING_NOTIFY_EMAIL_TEMPLATE",
    "SCREENING_NOTIFY_BASE_URL",
)  # fmt: skip
INVITATIONS_NEED_NOTIFY = (
    "Invitations carry a link that opens a patient's questionnaire, so outside the demo they are never kept in "
    f"the outbox: an administrator must set {API_KEY}, {INVITATION_SMS_TEMPLATE} and {INVITATION_EMAIL_TEMPLATE} "
    "(GOV.UK Notify) before invitations can be sent."
)


class InvitationsNeedNotify(NotifyMisconfigured):
    """Invitations asked of the outbox outside the demo."""

    def __init__(self) -> None:
        super().__init__(INVITATIONS_NEED_NOTIFY)


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
    invitation_sms, invitation_email = (environ.get(name, "").strip() or None
                                        for name in (INVITATION_SMS_TEMPLATE, INVITATION_EMAIL_TEMPLATE))  # fmt: skip
    if bool(invitation_sms) != bool(invitation_email):
        missing = INVITATION_EMAIL_TEMPLATE if invitation_sms else INVITATION_SMS_TEMPLATE
        raise NotifyMisconfigured(
            f"{missing} is not set: invitations need both {INVITATION_SMS_TEMPLATE} and {INVITATION_EMAIL_TEMPLATE} "
            "(the two invitation template ids from GOV.UK Notify), or neither."
        )
    base_url = environ.get(BASE_URL, "").strip() or NOTIFY_URL
    return NotifySender(key, sms_template=sms, email_template=email, base_url=base_url, timeout=timeout,
                        invitation_sms_template=invitation_sms, invitation_email_template=invitation_email)  # fmt: skip


def check_invitation_sender(sender: Sender, *, demo: bool) -> None:
    """Refuse a sender that must not carry invitations: the outbox outside the demo, or
    Notify without the two invitation templates. The message names what to set."""
    if isinstance(sender, NotifySender):
        if not sender.sends_invitations:
            raise NotifyMisconfigured(
                f"{INVITATION_SMS_TEMPLATE} and {INVITATION_EMAIL_TEMPLATE} must both be set to send invitations "
                "through GOV.UK Notify: copy the two invitation template ids from Notify."
            )
    elif isinstance(sender, OutboxSender) and not demo:
        raise InvitationsNeedNotify()


def invitation_sender(database: Database, *, timeout: float, environ: Mapping[str, str] = os.environ) -> Sender:
    """The sender for invitations: Notify with its invitation templates; the outbox only in the demo."""
    sender = configured_sender(database, timeout=timeout, environ=environ)
    with database.transaction() as session:
        check_invitation_sender(sender, demo=demo_mode(session))
    return sender
