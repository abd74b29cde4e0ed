"""Hostile text is stored and shown as typed: never run as SQL, Markdown, HTML or a formula.

Issue 4, security checks: empty, too long, wrong type, SQL and formula injection and
script tags, on every form and command so far. The CSV side of formula injection is in
tests/unit/test_csv_safety.py and the export and import tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEvent, User
from screening.access.services.accounts import create_user, load_current_user
from screening.access.services.sign_in import NOT_RIGHT, sign_in
from screening.errors import InvalidValue
from tests import factories
from ui.shell.text import plain

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
HOSTILE = [
    "' OR '1'='1' --",
    "admin'; DROP TABLE users; --",
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example","click")',
    "[click me](http://evil.example)",
    "**bold** $x^2$ :red[alert] :material/delete:",
    "Zoë Ñúñez-O'Brien",
    "\x00nul",
]


@pytest.mark.parametrize("text", ["", " ", "x" * 10_000, *HOSTILE])
def test_sign_in_with_hostile_credentials_is_refused_plainly_and_changes_nothing(db_session: Session, text):
    users_before = db_session.scalar(select(func.count()).select_from(User))
    result = sign_in(db_session, text, text, now=NOW)
    assert (result.ok, result.message) == (False, NOT_RIGHT)
    assert db_session.scalar(select(func.count()).select_from(User)) == users_before
    event = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.detail == {"reason": "unknown_user"}  # the typed text is never logged


@pytest.mark.parametrize("text", [t for t in HOSTILE if "\x00" not in t])
def test_a_hostile_display_name_is_stored_exactly_as_typed(db_session: Session, text):
    admin = load_current_user(db_session, factories.user(db_session, role="administrator").id)
    user = create_user(
        db_session,
        username="new.user",
        display_name=text,
        role="psychologist",
        password="a long enough password",
        site_codes=None,
        actor=admin,
    )
    db_session.commit()
    assert db_session.get(User, user.id).display_name == text
    assert db_session.scalar(select(func.count()).select_from(User)) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "robert'); DROP TABLE users;--"),
        ("username", "<script>"),
        ("username", ""),
        ("username", "x" * 61),
        ("name", ""),
        ("name", "x" * 121),
        ("name", "Ada\x00Okafor"),
        ("name", "Ada\nOkafor"),
        ("password", "short"),
        ("password", "x" * 12),
    ],
)
def test_create_user_refuses_bad_fields_with_the_field_named(db_session: Session, field, value):
    fields = {"username": "new.user", "name": "New User", "password": "a long enough password"} | {field: value}
    with pytest.raises(InvalidValue) as refused:
        create_user(
            db_session,
            username=fields["username"],
            display_name=fields["name"],
            role="psychologist",
            password=fields["password"],
            site_codes=None,
            actor=None,
        )
    assert refused.value.field.lower() == field


@pytest.mark.parametrize("role", ["root", "", "administrator'--", 3])
def test_create_user_refuses_an_unknown_role(db_session: Session, role):
    with pytest.raises(InvalidValue, match="role"):
        create_user(
            db_session,
            username="new.user",
            display_name="New User",
            role=role,  # type: ignore[arg-type]
            password="a long enough password",
            site_codes=None,
            actor=None,
        )


@pytest.mark.parametrize("text", HOSTILE)
def test_text_shown_on_a_page_escapes_every_markdown_and_html_character(text):
    shown = plain(text)
    for special in "*_[]()<>$:`#|~=":
        # every special character is preceded by a backslash, so Markdown shows it as typed
        assert all(shown[i - 1] == "\\" for i, c in enumerate(shown) if c == special)
    assert shown.replace("\\", "") == text.replace("\\", "").replace("\n", " ")
