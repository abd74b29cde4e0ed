"""Escalation messages name the clinic and the next step, never the patient (issue 13)."""

from __future__ import annotations

from screening.notifications.rules.messages import NOTIFY_TEMPLATE, escalation_message
from screening.notifications.rules.sending import SendResult


def test_the_message_names_the_clinic_and_says_to_open_the_flag_queue() -> None:
    message = escalation_message("Guy's:  Haemoglobinopathy", reference="escalation-12", site_id=3)
    assert (
        message.body == "An urgent screening flag at Guy's: Haemoglobinopathy needs acknowledging: open the flag queue"
    )
    assert message.personalisation == {"clinic": "Guy's: Haemoglobinopathy"}  # the clinic name only
    assert (message.reference, message.site_id) == ("escalation-12", 3)


def test_the_notify_template_holds_the_same_words_with_one_placeholder() -> None:
    assert NOTIFY_TEMPLATE == "An urgent screening flag at ((clinic)) needs acknowledging: open the flag queue"


def test_a_refusal_or_a_network_error_counts_as_failed_and_an_accepted_message_does_not() -> None:
    assert SendResult("notify", None, "failed", "403 - Invalid token").failed
    assert not SendResult("notify", "abc", "sending").failed
    assert not SendResult("outbox", "outbox-1", "delivered").failed
