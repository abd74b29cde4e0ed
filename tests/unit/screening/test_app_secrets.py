import pytest

from screening.app_secrets import (
    DEMO_PSEUDONYM_KEY,
    DefaultSecret,
    check_secrets,
    pseudonym_key,
    read_secrets_file,
)

STRONG = "k" * 16 + "Q7x!" * 4 + "zz"  # 34 characters, not a known default
SQLITE = "sqlite:///data/screening.db"


def test_demo_data_falls_back_to_the_demo_key_when_none_is_set():
    assert pseudonym_key({}, {}, demo=True) == DEMO_PSEUDONYM_KEY


def test_a_real_service_without_a_pseudonym_key_is_refused_with_what_to_set():
    with pytest.raises(DefaultSecret, match="Set SCREENING_PSEUDONYM_KEY"):
        pseudonym_key({}, {}, demo=False)


@pytest.mark.parametrize("key", [DEMO_PSEUDONYM_KEY, "changeme", "x" * 31])
def test_a_default_or_short_pseudonym_key_is_refused_outside_demo_mode(key):
    with pytest.raises(DefaultSecret, match="default or short"):
        pseudonym_key({"SCREENING_PSEUDONYM_KEY": key}, {}, demo=False)


def test_a_key_of_exactly_32_random_characters_is_accepted():
    assert pseudonym_key({"SCREENING_PSEUDONYM_KEY": "a1" * 16}, {}, demo=False) == "a1" * 16


def test_the_environment_wins_over_the_secrets_file():
    assert pseudonym_key({"SCREENING_PSEUDONYM_KEY": STRONG}, {"pseudonym_key": "y" * 40}, demo=False) == STRONG
    assert pseudonym_key({}, {"pseudonym_key": "y" * 40}, demo=False) == "y" * 40


def test_a_default_cookie_secret_is_refused_when_the_identity_provider_is_configured():
    with pytest.raises(DefaultSecret, match="cookie_secret"):
        check_secrets({"SCREENING_PSEUDONYM_KEY": STRONG}, {"auth": {"cookie_secret": "secret"}}, SQLITE, demo=False)
    check_secrets({"SCREENING_PSEUDONYM_KEY": STRONG}, {"auth": {"cookie_secret": STRONG}}, SQLITE, demo=False)


def test_a_default_database_password_is_refused_and_not_repeated_in_the_message():
    url = "postgresql+psycopg://app:postgres@db:5432/screening"
    with pytest.raises(DefaultSecret) as refused:
        check_secrets({"SCREENING_PSEUDONYM_KEY": STRONG}, {}, url, demo=False)
    assert "postgres@" not in str(refused.value) and "default database password" in str(refused.value)
    check_secrets({"SCREENING_PSEUDONYM_KEY": STRONG}, {}, url.replace(":postgres@", ":Xq9-long-pass@"), demo=False)


def test_demo_mode_checks_nothing():
    check_secrets({}, {"auth": {"cookie_secret": "secret"}}, "postgresql://u:postgres@h/d", demo=True)


def test_the_secrets_file_is_read_when_present_and_empty_when_absent(tmp_path):
    assert read_secrets_file(tmp_path / "none.toml") == {}
    path = tmp_path / "secrets.toml"
    path.write_text('pseudonym_key = "abc"\n[auth]\ncookie_secret = "c"\n')
    assert read_secrets_file(path) == {"pseudonym_key": "abc", "auth": {"cookie_secret": "c"}}
    path.write_text("not = = toml")
    with pytest.raises(DefaultSecret, match="not valid TOML"):
        read_secrets_file(path)
