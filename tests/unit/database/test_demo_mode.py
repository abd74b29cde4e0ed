import pytest

from screening.database.rules.demo_mode import DEMO_DATABASE_URL, DEMO_USERS, is_demo_credential, is_demo_location


@pytest.mark.parametrize(
    "backend, database",
    [
        ("sqlite", "data/demo.db"),
        ("sqlite", "/srv/app/data/demo.db"),
        ("sqlite", "/tmp/bench-analytics-100pc_24m-demo.db"),
        ("sqlite", "training_demo.db"),
        ("sqlite", "DEMO.db"),
        ("postgresql", "demo"),
        ("postgresql", "screening_demo"),
        ("postgresql", "mb_test_1a2b_demo"),
        ("postgresql", "ward-demo"),
    ],
)
def test_a_database_named_as_the_demo_is_a_demo_location(backend, database):
    assert is_demo_location(backend, database)


@pytest.mark.parametrize(
    "backend, database",
    [
        ("sqlite", "data/screening.db"),  # the default for real use
        ("sqlite", "data/demo.db.bak"),  # a renamed or backed-up demo file is not the demo
        ("sqlite", "data/demo.sqlite"),
        ("sqlite", "data/nodemo.db"),  # only "demo" or a -demo / _demo suffix
        ("sqlite", "data/demo-copy.db"),
        ("sqlite", ":memory:"),
        ("sqlite", None),
        ("sqlite", ""),
        ("postgresql", "screening"),
        ("postgresql", "demography"),
        ("postgresql", "screeningdemo"),
        ("postgresql", None),
        ("mysql", "demo"),  # not a backend the app runs on
    ],
)
def test_any_other_database_is_not_a_demo_location(backend, database):
    assert not is_demo_location(backend, database)


def test_make_runs_database_is_a_demo_location():
    assert DEMO_DATABASE_URL == "sqlite:///data/demo.db"
    assert is_demo_location("sqlite", DEMO_DATABASE_URL.removeprefix("sqlite:///"))


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda u: u.username)
def test_every_demo_username_and_every_demo_password_is_a_demo_credential(user):
    assert is_demo_credential(user.username, "anything else")
    assert is_demo_credential(f"  {user.username.upper()} ", "anything else")
    assert is_demo_credential("alice.real", user.password)


@pytest.mark.parametrize(
    "username, password",
    [
        ("alice.real", "a real password of hers"),
        ("demon.hunter", "x"),  # "demo." is the prefix, not "demo"
        ("ademo.user", "x"),
        ("alice.real", "demo-staff-password "),  # passwords are compared exactly
    ],
)
def test_other_sign_ins_are_not_demo_credentials(username, password):
    assert not is_demo_credential(username, password)
