"""The GOV.UK Notify adapter against a local fake Notify that checks the real request shape."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest

from screening.notifications.rules.messages import INVITATION_OPENING, escalation_message, invitation_message
from screening.notifications.services.notify_sender import NotifyMisconfigured, NotifySender
from tests.fake_notify import (
    API_KEY,
    EMAIL_TEMPLATE,
    INVITATION_EMAIL_TEMPLATE,
    INVITATION_SMS_TEMPLATE,
    SERVICE_ID,
    SMS_TEMPLATE,
    FakeNotify,
    fake_notify,
)

MESSAGE = escalation_message("King's: Haemato-oncology", reference="escalation-7")


@pytest.fixture
def notify() -> Iterator[FakeNotify]:
    with fake_notify() as fake:
        yield fake


def sender(url: str, *, key: str = API_KEY, sms: str = SMS_TEMPLATE, email: str = EMAIL_TEMPLATE) -> NotifySender:
    return NotifySender(key, sms_template=sms, email_template=email, base_url=url, timeout=2)


def test_an_sms_goes_to_notify_with_the_template_and_the_clinic_name_only(notify: FakeNotify) -> None:
    result = sender(notify.url).send_sms("07700900123", MESSAGE)
    assert (result.provider, result.status, result.error) == ("notify", "created", None)
    [sent] = notify.received
    assert result.provider_id == sent["id"]
    assert sent["channel"] == "sms" and sent["phone_number"] == "07700900123"
    assert sent["template_id"] == SMS_TEMPLATE and sent["reference"] == "escalation-7"
    assert sent["personalisation"] == {"clinic": "King's: Haemato-oncology"}


def test_an_email_goes_to_the_email_endpoint_with_the_email_template(notify: FakeNotify) -> None:
    result = sender(notify.url).send_email("duty.psychologist@example.nhs.uk", MESSAGE)
    assert result.status == "created"
    [sent] = notify.received
    assert (sent["channel"], sent["email_address"], sent["template_id"]) == (
        "email", "duty.psychologist@example.nhs.uk", EMAIL_TEMPLATE)  # fmt: skip


def test_a_key_with_the_wrong_secret_is_refused_with_403_and_recorded_as_failed(notify: FakeNotify) -> None:
    wrong = f"mind_and_body_test-{SERVICE_ID}-00000000-0000-4000-8000-000000000000"
    result = sender(notify.url, key=wrong).send_sms("07700900123", MESSAGE)
    assert (result.status, result.provider_id) == ("failed", None)
    assert result.error == "403 AuthError: Invalid token: API key not found"
    assert notify.received == []


def test_an_unknown_template_is_refused_with_400_and_recorded_as_failed(notify: FakeNotify) -> None:
    result = sender(notify.url, sms="11111111-2222-4333-8444-555555555555").send_sms("07700900123", MESSAGE)
    assert result.failed and result.error == "400 BadRequestError: Template not found"


def test_notify_out_of_reach_is_a_failed_result_not_an_exception() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = sender(f"http://127.0.0.1:{port}").send_sms("07700900123", MESSAGE)
    assert result.failed and result.provider_id is None
    assert result.error is not None and result.error.startswith("503")


def test_a_value_that_is_not_a_notify_key_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(NotifyMisconfigured, match=r"SCREENING_NOTIFY_API_KEY is not a GOV.UK Notify API key"):
        sender("http://127.0.0.1:9", key="not-a-key")


def test_the_fake_refuses_a_token_issued_more_than_thirty_seconds_ago(notify: FakeNotify) -> None:
    # The fake must be as strict as Notify, or the tests above would prove nothing.
    import time

    import jwt
    import requests

    from tests.fake_notify import SECRET

    old = jwt.encode({"iss": SERVICE_ID, "iat": int(time.time()) - 31}, SECRET, algorithm="HS256")
    body = {"phone_number": "07700900123", "template_id": SMS_TEMPLATE, "personalisation": {"clinic": "X"}}
    answer = requests.post(f"{notify.url}/v2/notifications/sms", json=body, headers={"Authorization": f"Bearer {old}"},
                           timeout=2)  # fmt: skip
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["message"] == "Error: Your system clock must be accurate to within 30 seconds"
    assert requests.post(f"{notify.url}/v2/notifications/sms", json=body, timeout=2).status_code == 403


INVITATION_LINK = "https://screen.example.nhs.uk/?link=" + "Tk" * 21 + "x"  # a 43-character token


def invitation_sender(url: str) -> NotifySender:
    return NotifySender(API_KEY, sms_template=SMS_TEMPLATE, email_template=EMAIL_TEMPLATE, base_url=url, timeout=2,
                        invitation_sms_template=INVITATION_SMS_TEMPLATE,
                        invitation_email_template=INVITATION_EMAIL_TEMPLATE)  # fmt: skip


def test_an_invitation_goes_to_notify_with_the_invitation_template_the_opening_and_the_link(
    notify: FakeNotify,
) -> None:
    message = invitation_message(INVITATION_LINK, kind="invitation", reference="invitation-message-3")
    result = invitation_sender(notify.url).send_sms("07700900123", message)
    assert (result.status, result.error) == ("created", None)
    [sent] = notify.received
    assert (sent["template_id"], sent["reference"]) == (INVITATION_SMS_TEMPLATE, "invitation-message-3")
    assert sent["personalisation"] == {"opening": INVITATION_OPENING, "link": INVITATION_LINK}
    email = invitation_sender(notify.url).send_email("ada@example.com", message)
    assert email.status == "created" and notify.received[1]["template_id"] == INVITATION_EMAIL_TEMPLATE


def test_without_invitation_templates_an_invitation_fails_naming_the_variables_and_notify_is_not_asked(
    notify: FakeNotify,
) -> None:
    result = sender(notify.url).send_sms("07700900123", invitation_message(INVITATION_LINK, kind="invitation"))
    assert result.failed and notify.received == [] and notify.refused == []
    assert result.error is not None and "SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE" in result.error


def test_a_notify_error_that_echoes_the_link_is_logged_and_returned_without_it(
    notify: FakeNotify, caplog: pytest.LogCaptureFixture
) -> None:
    notify.echo_personalisation = True
    caplog.set_level(logging.DEBUG)
    result = invitation_sender(notify.url).send_sms("07700900123", invitation_message(INVITATION_LINK, kind="reminder"))
    assert result.failed and result.error is not None
    assert INVITATION_LINK in notify.refused[0][1]  # the fake did echo it
    assert "[link]" in result.error and "Tk" * 21 not in result.error
    assert "Tk" * 21 not in caplog.text and "07700900123" not in caplog.text
    assert "Personalisation not accepted" in caplog.text  # the client library's own warning, scrubbed


def test_configured_sender_needs_both_invitation_templates_or_neither(notify: FakeNotify) -> None:
    from screening.notifications.services.senders import configured_sender

    base = {"SCREENING_NOTIFY_API_KEY": API_KEY, "SCREENING_NOTIFY_SMS_TEMPLATE": SMS_TEMPLATE,
            "SCREENING_NOTIFY_EMAIL_TEMPLATE": EMAIL_TEMPLATE, "SCREENING_NOTIFY_BASE_URL": notify.url}  # fmt: skip
    database = None  # not read when the key is set
    plain = configured_sender(database, timeout=2, environ=base)  # type: ignore[arg-type]
    assert isinstance(plain, NotifySender) and not plain.sends_invitations
    both = configured_sender(database, timeout=2, environ={  # type: ignore[arg-type]
        **base, "SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE": INVITATION_SMS_TEMPLATE,
        "SCREENING_NOTIFY_INVITATION_EMAIL_TEMPLATE": INVITATION_EMAIL_TEMPLATE})  # fmt: skip
    assert isinstance(both, NotifySender) and both.sends_invitations
    with pytest.raises(NotifyMisconfigured, match="SCREENING_NOTIFY_INVITATION_EMAIL_TEMPLATE is not set"):
        configured_sender(database, timeout=2, environ={  # type: ignore[arg-type]
            **base, "SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE": INVITATION_SMS_TEMPLATE})  # fmt: skip
