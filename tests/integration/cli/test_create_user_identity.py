"""`create-user --oidc-subject`: an administrator links a trust identity provider account."""

from __future__ import annotations

from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, User
from screening.access.services.accounts import user_for_identity
from screening.cli.group import main

PASSWORD = "lilac-teapot-harbour"


def create_user(db_url: str, username: str, *extra: str) -> Result:
    args = [
        "create-user",
        "--username",
        username,
        "--name",
        "Ada Okafor",
        "--role",
        "psychologist",
        "--sites",
        "ALL",
        *extra,
    ]
    return CliRunner().invoke(main, args, env={"DATABASE_URL": db_url, "SCREENING_NEW_PASSWORD": PASSWORD})


def test_create_user_can_link_an_identity_provider_subject(db_url: str, session_factory: sessionmaker[Session]) -> None:
    result = create_user(db_url, "psy.ada", "--oidc-subject", " ada@trust.nhs.uk ")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Created user psy.ada (Psychologist; all sites) with an identity provider link.\n"
    with session_factory() as session:
        user = session.scalars(select(User).where(User.username == "psy.ada")).one()
        assert user.oidc_subject == "ada@trust.nhs.uk"  # trimmed
        assert user_for_identity(session, "ada@trust.nhs.uk").username == "psy.ada"  # type: ignore[union-attr]
        events = session.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.detail)
            .where(AuditEvent.entity_type == "user", AuditEvent.entity_id == str(user.id))
            .order_by(AuditEvent.id)
        ).all()
    assert [(action, actor) for action, actor, _ in events] == [
        ("user.created", "command line"),
        ("user.identity_linked", "command line"),
    ]
    assert "ada@trust.nhs.uk" not in str(events)  # the subject is on the user row, not in the audit text


def test_a_subject_already_linked_to_another_user_is_refused_in_one_line(
    db_url: str, session_factory: sessionmaker[Session]
) -> None:
    assert create_user(db_url, "psy.ada", "--oidc-subject", "ada@trust.nhs.uk").exit_code == 0
    result = create_user(db_url, "psy.bea", "--oidc-subject", "ada@trust.nhs.uk")
    assert result.exit_code == 1
    assert result.stderr == ("Error: That identity is already linked to another user; unlink it there first.\n")
    with session_factory() as session:  # nothing half-made: the refused user does not exist
        assert session.scalar(select(User.id).where(User.username == "psy.bea")) is None


def test_without_the_option_no_identity_is_linked(db_url: str, session_factory: sessionmaker[Session]) -> None:
    result = create_user(db_url, "psy.ada")
    assert result.exit_code == 0 and "identity" not in result.stdout
    with session_factory() as session:
        assert session.scalar(select(User.oidc_subject).where(User.username == "psy.ada")) is None
