"""Local accounts on each database: creating users, changing them, and `create-user`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, User
from screening.access.rules.passwords import verify_pin
from screening.access.services import accounts
from screening.cli.group import main
from screening.errors import ConflictError, InvalidValue, NotFound, PermissionDenied
from screening.policy import CurrentUser
from tests import factories

PASSWORD = "lilac-teapot-harbour"


def make_user(
    session: Session, username: str, role: str = "clinic_staff", sites: list[str] | None = None, **extra: Any
) -> User:
    return accounts.create_user(
        session,
        username=username,
        display_name="Ada Okafor",
        role=role,
        password=PASSWORD,
        site_codes=sites,
        actor=None,
        **extra,
    )


def as_current(session: Session, user: User) -> CurrentUser:
    return accounts.load_current_user(session, user.id)


def audit_rows(session: Session, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    return list(session.scalars(query.where(AuditEvent.action == action) if action else query))


def everything_audited(session: Session) -> str:
    return json.dumps([[e.actor, e.action, e.entity_id, e.detail] for e in audit_rows(session)])


def test_a_new_user_gets_an_argon2id_hash_and_the_named_sites(db_session: Session) -> None:
    a, b = factories.site(db_session), factories.site(db_session)
    user = make_user(db_session, "Nurse.Ada", sites=[a.code.lower(), f" {b.code} "])
    assert user.username == "nurse.ada"  # usernames are case-insensitive
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert as_current(db_session, user).site_ids == {a.id, b.id}


@pytest.mark.parametrize("codes", [None, ["ALL"], ["all"]])
def test_no_site_codes_or_all_gives_every_site(db_session: Session, codes: list[str] | None) -> None:
    user = make_user(db_session, "manager", "service_manager", codes)
    assert user.all_sites and as_current(db_session, user).site_ids is None


def test_creating_a_user_is_audited_with_role_and_sites_but_never_the_password(db_session: Session) -> None:
    a = factories.site(db_session)
    user = make_user(db_session, "nurse.ada", sites=[a.code], pin="4821")
    (event,) = audit_rows(db_session, "user.created")
    assert (event.entity_type, event.entity_id, event.actor) == ("user", str(user.id), "command line")
    assert event.detail == {"role": "clinic_staff", "sites": [a.code], "pin_set": True}
    assert PASSWORD not in everything_audited(db_session) and "4821" not in everything_audited(db_session)


def test_a_duplicate_username_is_a_conflict(db_session: Session) -> None:
    make_user(db_session, "nurse.ada")
    with pytest.raises(ConflictError, match="already exists"):
        make_user(db_session, "NURSE.ADA")


def test_an_unknown_site_code_says_how_to_create_the_site(db_session: Session) -> None:
    hint = r"No site with code NOPE: create it with `python -m screening add-site CODE NAME`\."
    with pytest.raises(NotFound, match=hint):
        make_user(db_session, "nurse.ada", sites=["nope"])


@pytest.mark.parametrize("codes", [[], [" "], ["ALL", "S1"]])
def test_an_empty_or_mixed_site_list_is_refused_rather_than_read_as_all_sites(
    db_session: Session, codes: list[str]
) -> None:
    with pytest.raises(InvalidValue, match=r"^sites:"):
        make_user(db_session, "nurse.ada", sites=codes)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"username": "ab"}, "username"),
        ({"username": "ada okafor"}, "username"),
        ({"role": "superuser"}, "role"),
        ({"password": "short"}, "password"),
        ({"pin": "12"}, "PIN"),
    ],
)
def test_a_bad_username_role_password_or_pin_is_refused_naming_the_field(
    db_session: Session, fields: dict[str, str], field: str
) -> None:
    values = {
        "username": "nurse.ada",
        "display_name": "Ada",
        "role": "clinic_staff",
        "password": PASSWORD,
        "site_codes": None,
        "actor": None,
        **fields,
    }
    with pytest.raises(InvalidValue, match=f"^{field}:"):
        accounts.create_user(db_session, **values)
    assert db_session.scalar(select(User.id)) is None


CHANGES: dict[str, Callable[[Session, CurrentUser, int], object]] = {
    "create": lambda s, actor, _: accounts.create_user(
        s, username="other", display_name="O", role="clinic_staff", password=PASSWORD, site_codes=None, actor=actor
    ),
    "role": lambda s, actor, uid: accounts.change_role(s, actor=actor, user_id=uid, role="psychologist"),
    "sites": lambda s, actor, uid: accounts.set_sites(s, actor=actor, user_id=uid, site_codes=None),
    "deactivate": lambda s, actor, uid: accounts.deactivate_user(s, actor=actor, user_id=uid),
    "unlock": lambda s, actor, uid: accounts.unlock_user(s, actor=actor, user_id=uid),
    "pin": lambda s, actor, uid: accounts.set_pin(s, actor=actor, user_id=uid, pin="4821"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "service_manager"])
def test_only_an_administrator_may_change_users(db_session: Session, change: str, role: str) -> None:
    actor = as_current(db_session, make_user(db_session, "actor", role))
    target = make_user(db_session, "target")
    with pytest.raises(PermissionDenied, match="cannot manage users"):
        CHANGES[change](db_session, actor, target.id)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_user_change_by_an_administrator_is_audited_with_the_actor(db_session: Session, change: str) -> None:
    admin = as_current(db_session, make_user(db_session, "admin", "administrator"))
    target = make_user(db_session, "target", sites=[factories.site(db_session).code])
    before = len(audit_rows(db_session))
    CHANGES[change](db_session, admin, target.id)
    (event,) = audit_rows(db_session)[before:]
    assert event.action.startswith("user.")
    assert (event.actor, event.actor_user_id) == ("admin", admin.user_id)


def test_a_role_and_site_change_record_the_old_and_new_values(db_session: Session) -> None:
    admin = as_current(db_session, make_user(db_session, "admin", "administrator"))
    a = factories.site(db_session)
    target = make_user(db_session, "target")
    accounts.change_role(db_session, actor=admin, user_id=target.id, role="psychologist")
    accounts.set_sites(db_session, actor=admin, user_id=target.id, site_codes=[a.code])
    (role_change,) = audit_rows(db_session, "user.role_changed")
    (site_change,) = audit_rows(db_session, "user.sites_changed")
    assert role_change.detail == {"previous": "clinic_staff", "role": "psychologist"}
    assert site_change.detail == {"previous": ["ALL"], "sites": [a.code]}
    expected = CurrentUser(target.id, "target", "Ada Okafor", "psychologist", frozenset({a.id}))
    assert as_current(db_session, target) == expected


def test_the_last_active_administrator_cannot_be_demoted_or_switched_off(db_session: Session) -> None:
    admin = as_current(db_session, make_user(db_session, "admin", "administrator"))
    with pytest.raises(ConflictError, match="last active administrator"):
        accounts.change_role(db_session, actor=admin, user_id=admin.user_id, role="clinic_staff")
    with pytest.raises(ConflictError, match="last active administrator"):
        accounts.deactivate_user(db_session, actor=admin, user_id=admin.user_id)
    make_user(db_session, "second.admin", "administrator")
    accounts.deactivate_user(db_session, actor=admin, user_id=admin.user_id)


def test_a_deactivated_user_can_no_longer_be_loaded_as_the_current_user(db_session: Session) -> None:
    admin = as_current(db_session, make_user(db_session, "admin", "administrator"))
    target = make_user(db_session, "target")
    accounts.deactivate_user(db_session, actor=admin, user_id=target.id)
    with pytest.raises(PermissionDenied, match="not active"):
        accounts.load_current_user(db_session, target.id)


def test_a_pin_is_stored_only_as_its_hash_and_can_be_removed(db_session: Session) -> None:
    admin = as_current(db_session, make_user(db_session, "admin", "administrator"))
    target = accounts.set_pin(db_session, actor=admin, user_id=make_user(db_session, "target").id, pin="4821")
    assert verify_pin(target.pin_hash, "4821") and "4821" not in target.pin_hash  # type: ignore[operator]
    accounts.set_pin(db_session, actor=admin, user_id=target.id, pin=None)
    assert target.pin_hash is None and audit_rows(db_session, "user.pin_cleared")


def run_cli(db_url: str, args: list[str], **kwargs: Any) -> Any:
    env = {"DATABASE_URL": db_url, **kwargs.pop("env", {})}
    return CliRunner().invoke(main, ["create-user", *args], env=env, **kwargs)


def committed_site(session_factory: sessionmaker[Session]) -> str:
    with session_factory.begin() as session:
        return factories.site(session).code


def test_create_user_on_the_command_line_never_shows_the_password(
    db_url: str, session_factory: sessionmaker[Session]
) -> None:
    code = committed_site(session_factory)
    args = ["--username", "nurse.ada", "--name", "Ada Okafor", "--role", "clinic_staff", "--sites", code]
    result = run_cli(db_url, args, env={"SCREENING_NEW_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Created user nurse.ada (Clinic staff; {code}).\n"
    assert PASSWORD not in result.output
    with session_factory() as session:
        assert session.scalar(select(User.role).where(User.username == "nurse.ada")) == "clinic_staff"
        assert PASSWORD not in everything_audited(session)


def test_create_user_prompts_twice_for_a_hidden_password_and_pin(
    db_url: str, session_factory: sessionmaker[Session]
) -> None:
    args = ["--username", "admin", "--name", "Admin", "--role", "administrator", "--sites", "ALL", "--pin"]
    result = run_cli(db_url, args, input=f"{PASSWORD}\n{PASSWORD}\n482193\n482193\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output and "482193" not in result.output
    assert "Created user admin (Administrator; all sites) with a staff PIN." in result.stdout


def test_create_user_with_an_unknown_site_is_one_line_on_stderr(db_url: str) -> None:
    args = ["--username", "nurse.ada", "--name", "Ada", "--role", "clinic_staff", "--sites", "NOPE"]
    result = run_cli(db_url, args, env={"SCREENING_NEW_PASSWORD": PASSWORD})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No site with code NOPE: create it with")
    assert result.stderr.count("\n") == 1
    assert PASSWORD not in result.output
