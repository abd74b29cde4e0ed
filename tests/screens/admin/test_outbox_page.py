"""The Outbox page: escalation messages newest first, for clinic staff, psychologists and administrators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import OutboxMessage
from tests import factories

PAGE = "app_pages/outbox.py"
EARLY = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)


def open_outbox(app: AppTest, as_user, role: str = "clinic_staff", **fields) -> AppTest:  # type: ignore[no-untyped-def]
    as_user(role, **fields)
    app.run()
    return app.switch_page(PAGE).run()


@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "administrator"])
def test_staff_who_act_on_urgent_flags_see_the_messages_newest_first(app, as_user, db_session: Session, role) -> None:
    db_session.add_all([
        OutboxMessage(created_at=EARLY, channel="sms", destination="07700900001", body="An urgent screening flag at A"),
        OutboxMessage(created_at=EARLY + timedelta(minutes=30), channel="email",
                      destination="sam.okafor@example.nhs.uk", body="An urgent screening flag at B"),
    ])  # fmt: skip
    db_session.commit()
    open_outbox(app, as_user, role)
    assert not app.exception
    [table] = [f.value for f in app.dataframe]
    assert table.to_dict("records") == [
        {"When": "02 Dec 2026 11:00", "By": "email", "To": "sam.okafor@example.nhs.uk",
         "Message": "An urgent screening flag at B"},
        {"When": "02 Dec 2026 10:30", "By": "SMS", "To": "07700 900001", "Message": "An urgent screening flag at A"},
    ]  # fmt: skip


def test_staff_see_only_their_own_sites_messages(app, as_user, db_session: Session) -> None:
    mine, theirs = factories.site(db_session), factories.site(db_session)
    db_session.add_all([
        OutboxMessage(created_at=EARLY, channel="sms", destination="07700900001", body="mine", site_id=mine.id),
        OutboxMessage(created_at=EARLY, channel="sms", destination="07700900002", body="theirs", site_id=theirs.id),
    ])  # fmt: skip
    db_session.commit()
    open_outbox(app, as_user, sites=[mine])
    [table] = [f.value for f in app.dataframe]
    assert list(table["Message"]) == ["mine"]


def test_an_empty_outbox_says_what_would_put_a_message_there(app, as_user) -> None:
    open_outbox(app, as_user, "psychologist")
    assert [i.value for i in app.info] == [
        "No links sent yet. Staff send one from the clinic list; `send-invitations` sends those due.",
        "No messages yet. An urgent flag nobody acknowledges in time puts one here.",
    ]


def test_a_link_sent_to_a_patient_is_shown_apart_as_their_phone_would_show_it(app, as_user, db_session) -> None:
    site = factories.site(db_session)
    link = "http://localhost:8502/?link=" + "a" * 43
    db_session.add_all([
        OutboxMessage(created_at=EARLY, channel="sms", destination="07700900001", site_id=site.id,
                      body=f"Your clinic asks you to answer some questions. Please use this link: {link}",
                      reference="invitation-message-7"),
        OutboxMessage(created_at=EARLY, channel="sms", destination="07700900002", body="escalation", site_id=site.id),
    ])  # fmt: skip
    db_session.commit()
    open_outbox(app, as_user, sites=[site])
    assert [m.value for m in app.markdown if link in m.value] == [
        f"Your clinic asks you to answer some questions. Please use this link: {link}"
    ]
    [table] = [f.value for f in app.dataframe]
    assert list(table["Message"]) == ["escalation"]


def test_a_service_manager_is_not_offered_the_outbox(app, as_user) -> None:
    as_user("service_manager")
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)
