"""The GOV.UK Notify adapter against a local fake Notify that checks the real request shape."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from screening.notifications.rules.messages import escalation_message
from screening.notifications.services.notify_sender import NotifyMisconfigured, NotifySender
from tests.fake_notify import API_KEY, EMAIL_TEMPLATE, SERVICE_ID, SMS_TEMPLATE, FakeNotify, fake_notify

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
