"""Invitation messages say "your clinic" and the link, nothing clinical; errors lose the link (issue 17)."""

from __future__ import annotations

from screening.notifications.rules.messages import (
    INVITATION_NOTIFY_TEMPLATE,
    escalation_message,
    invitation_message,
    scrubbed,
)

TOKEN = "q" * 20 + "-_" + "Z9" * 10 + "k"  # 43 URL-safe characters, shaped like a real token
LINK = f"https://screening.example.nhs.uk/?link={TOKEN}"


def test_an_invitation_says_your_clinic_and_the_link_and_names_its_notify_template() -> None:
    message = invitation_message(LINK, kind="invitation", reference="invitation-message-4", site_id=2)
    assert message.body == (
        "Your clinic asks you to answer some questions before your appointment. Please use this link: "
        f"{LINK} It works until the end of your appointment day."
    )
    assert message.subject == "Questions before your appointment"
    assert message.personalisation == {
        "opening": "Your clinic asks you to answer some questions before your appointment.", "link": LINK}  # fmt: skip
    assert (message.template, message.reference, message.site_id) == ("invitation", "invitation-message-4", 2)


def test_a_reminder_begins_with_a_reminder_and_a_staff_link_reads_as_an_invitation() -> None:
    assert invitation_message(LINK, kind="reminder").body.startswith("A reminder: your clinic asks you to answer")
    assert invitation_message(LINK, kind="staff").body == invitation_message(LINK, kind="invitation").body


def test_no_invitation_carries_a_clinical_word_or_a_clinic_name() -> None:
    for kind in ("invitation", "reminder", "staff"):
        message = invitation_message(LINK, kind=kind)
        words = f"{message.subject} {message.body.replace(LINK, '')}".lower()
        for clinical in ("sickle", "thalass", "haemat", "cancer", "oncology", "mental", "depress", "anxiety",
                         "screening", "psych", "blood", "phq", "gad", "clinic:"):  # fmt: skip
            assert clinical not in words, (kind, clinical)


def test_the_notify_template_holds_the_same_words_with_two_placeholders() -> None:
    assert INVITATION_NOTIFY_TEMPLATE == (
        "((opening)) Please use this link: ((link)) It works until the end of your appointment day."
    )


def test_a_message_repr_never_shows_its_link() -> None:
    assert TOKEN not in repr(invitation_message(LINK, kind="invitation", reference="invitation-message-4"))
    assert escalation_message("Guy's").template == "escalation"


def test_scrubbing_takes_out_the_link_the_address_a_token_an_email_and_a_phone_number() -> None:
    error = f"400 BadRequestError: {{'link': '{LINK}'}} for 07700900123"
    assert (
        scrubbed(error, link=LINK, destination="07700900123") == "400 BadRequestError: {'link': '[link]'} for [address]"
    )
    assert scrubbed(f"bad value {TOKEN}.") == "bad value [link]."
    assert scrubbed("see http://host/?link=abc and ada@example.com or +44 7700 900123") == (
        "see [link] and [address] or [address]")  # fmt: skip
    assert (
        scrubbed("403 AuthError: Invalid token: API key not found") == "403 AuthError: Invalid token: API key not found"
    )
