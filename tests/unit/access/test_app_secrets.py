import pytest

from screening.access.rules.app_secrets import (
    DEMO_PSEUDONYM_KEY,
    DefaultSecret,
    check_database_password,
    check_secrets,
    pseudonym_key,
    read_secrets_file,
)

STRONG = "Vq3-Lz8_Rk2wYt6Np9Hs4Jd7Fg1Mb5Xc0"  # 34 random-looking characters, ~170 bits estimated
OTHER = "Wd5_Kp1-Ty8mZr3Qv6Bn0Lh9Gs2Jx7Fc4Ae"  # a second strong value
SQLITE = "sqlite:///data/screening.db"
KEYED = {"SCREENING_PSEUDONYM_KEY": STRONG}


def test_demo_mode_falls_back_to_the_demo_key_when_none_is_set():
    assert pseudonym_key({}, {}, demo=True) == DEMO_PSEUDONYM_KEY


def test_a_real_service_without_a_pseudonym_key_is_refused_with_what_to_set():
    with pytest.raises(DefaultSecret, match=r"Set SCREENING_PSEUDONYM_KEY.*token_urlsafe"):
        pseudonym_key({}, {}, demo=False)


@pytest.mark.parametrize("key", [DEMO_PSEUDONYM_KEY, "changeme", " Secret "])
def test_a_published_default_key_including_the_demo_key_is_refused_outside_demo_mode(key):
    with pytest.raises(DefaultSecret, match="published default value; set a random one"):
        pseudonym_key({"SCREENING_PSEUDONYM_KEY": key}, {}, demo=False)


@pytest.mark.parametrize(
    "key, why",
    [
        (" " * 32, "Set SCREENING_PSEUDONYM_KEY"),  # blank once stripped: as good as unset
        ("\t\n" * 20, "Set SCREENING_PSEUDONYM_KEY"),
        ("a" * 32, "too predictable .about 0 bits"),  # one character: 0 bits
        ("a" * 200, "too predictable .about 0 bits"),  # long is not enough
        ("a1" * 16, "too predictable .about 2 bits"),  # one period "a1": 2 x 1 bit
        ("0123456789abcdef" * 2, "too predictable .about 64"),  # one period of 16 distinct: 16 x 4
        (STRONG[:31], "31 characters long, shorter than the 32"),  # one short of the length floor
        (STRONG + "\n", "spaces or line breaks around it"),  # a stray line break is never cut silently
    ],
)
def test_a_blank_short_repetitive_or_padded_key_is_refused_with_the_reason_and_the_generator(key, why):
    with pytest.raises(DefaultSecret, match=why) as refused:
        pseudonym_key({"SCREENING_PSEUDONYM_KEY": key}, {}, demo=False)
    assert "secrets.token_urlsafe(32)" in str(refused.value)


def test_a_key_set_in_demo_mode_must_still_be_strong():
    with pytest.raises(DefaultSecret, match="too predictable"):
        pseudonym_key({"SCREENING_PSEUDONYM_KEY": "b" * 40}, {}, demo=True)


def test_a_random_key_of_exactly_32_characters_is_accepted():
    key = STRONG[:32]
    assert pseudonym_key({"SCREENING_PSEUDONYM_KEY": key}, {}, demo=False) == key


def test_the_environment_wins_over_the_secrets_file():
    assert pseudonym_key(KEYED, {"pseudonym_key": OTHER}, demo=False) == STRONG
    assert pseudonym_key({}, {"pseudonym_key": OTHER}, demo=False) == OTHER


@pytest.mark.parametrize("cookie", ["secret", "c" * 40, None])
def test_a_default_weak_or_missing_cookie_secret_is_refused_when_the_identity_provider_is_configured(cookie):
    with pytest.raises(DefaultSecret, match="cookie_secret"):
        check_secrets(KEYED, {"auth": {"cookie_secret": cookie}}, SQLITE, demo=False)


def test_a_strong_cookie_secret_of_its_own_is_accepted():
    check_secrets(KEYED, {"auth": {"cookie_secret": OTHER}}, SQLITE, demo=False)


def test_a_pseudonym_key_equal_to_the_cookie_secret_is_refused():
    with pytest.raises(DefaultSecret, match="are the same value; give each its own random value"):
        check_secrets(KEYED, {"auth": {"cookie_secret": STRONG}}, SQLITE, demo=False)


def test_a_default_database_password_is_refused_and_not_repeated_in_the_message():
    url = "postgresql+psycopg://app:postgres@db:5432/screening"
    with pytest.raises(DefaultSecret) as refused:
        check_secrets(KEYED, {}, url, demo=False)
    assert "postgres@" not in str(refused.value) and "default database password" in str(refused.value)
    check_secrets(KEYED, {}, url.replace(":postgres@", ":Xq9-long-pass@"), demo=False)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://app@db.trust.nhs.uk:5432/screening",
        "postgresql://app:@10.0.0.5/screening",  # an empty password is none
        "postgresql+psycopg:///screening?host=db.internal",  # the host given as a parameter
        "postgresql+psycopg://app@localhost/screening?host=/tmp,db2",  # one of several hosts is remote
    ],
)
def test_no_password_for_a_postgresql_server_over_the_network_is_refused(url):
    with pytest.raises(DefaultSecret, match="without a password; give the database user a password"):
        check_database_password(url)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:5432/screening",
        "postgresql+psycopg://postgres@localhost/screening",
        "postgresql+psycopg://postgres@[::1]:5432/screening",
        "postgresql+psycopg:///screening",  # the default Unix socket
        "postgresql+psycopg://app@/screening?host=/var/run/postgresql",
        "sqlite:///data/screening.db",
    ],
)
def test_no_password_is_accepted_on_this_machine_and_for_sqlite(url):
    check_database_password(url)


def test_demo_mode_relaxes_only_the_missing_pseudonym_key():
    check_secrets({}, {}, "sqlite:///data/demo.db", demo=True)
    with pytest.raises(DefaultSecret, match="cookie_secret"):
        check_secrets({}, {"auth": {"cookie_secret": "secret"}}, "sqlite:///data/demo.db", demo=True)
    with pytest.raises(DefaultSecret, match="default database password"):
        check_secrets({}, {}, "postgresql://u:postgres@h/d_demo", demo=True)


def test_the_secrets_file_is_read_when_present_and_empty_when_absent(tmp_path):
    assert read_secrets_file(tmp_path / "none.toml") == {}
    path = tmp_path / "secrets.toml"
    path.write_text('pseudonym_key = "abc"\n[auth]\ncookie_secret = "c"\n')
    assert read_secrets_file(path) == {"pseudonym_key": "abc", "auth": {"cookie_secret": "c"}}
    path.write_text("not = = toml")
    with pytest.raises(DefaultSecret, match="not valid TOML"):
        read_secrets_file(path)
