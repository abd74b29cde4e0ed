"""Fixtures for sign-in through a trust identity provider (`st.login`, OIDC), end to end.

- `identity_provider`: oidc-provider-mock 0.3.4 in its own venv (.venv-oidc, made by
  scripts/oidc-mock-venv.sh on first use, so a clean clone needs no manual step), on a free
  port. Its login form asks for the subject (`sub`); the mapped user is predefined with
  `--user-claims` so the app also gets a name and an email.
- `oidc_app`: a second Streamlit server with its own database (SQLite, or a fresh
  PostgreSQL on a PostgreSQL-only run) and its own secrets file holding the `[auth]`
  section, passed with `--secrets.files`: the repository's `.streamlit/` is never touched.
  The database holds no demo data and one psychologist linked to the mock's subject
  (`create-user --oidc-subject`).

Import the fixtures into the test module that uses them.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.servers import ROOT, _free_port, _wait_healthy
from tests.databases import BACKENDS, Templates

MAPPED_SUBJECT = "ada.okafor@trust.example.nhs.uk"
MAPPED_NAME = "Ada Okafor"
MAPPED_USERNAME = "psy.ada"
UNMAPPED_SUBJECT = "stranger@trust.example.nhs.uk"


@dataclass(frozen=True)
class OidcApp:
    url: str  # the redirect_uri's origin: the sign-in cookie belongs to this host
    database_url: str
    log: Path


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mock provider's base URL (http://127.0.0.1:PORT)."""
    made = subprocess.run(
        ["sh", str(ROOT / "scripts" / "oidc-mock-venv.sh")], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert made.returncode == 0, f"could not make .venv-oidc: {made.stderr[-2000:]}"
    command = made.stdout.strip().splitlines()[-1]
    port = _free_port()
    log = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    claims = {"sub": MAPPED_SUBJECT, "name": MAPPED_NAME, "email": MAPPED_SUBJECT}
    with log.open("w") as out:
        provider = subprocess.Popen(
            [command, "--port", str(port), "--user-claims", json.dumps(claims)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if provider.poll() is not None:
                raise RuntimeError(f"oidc-provider-mock exited:\n{_log_tail(log)}")
            try:
                with urllib.request.urlopen(f"{base}/.well-known/openid-configuration", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"oidc-provider-mock did not answer:\n{_log_tail(log)}") from None
                time.sleep(0.2)
        yield base
    finally:
        _stop(provider)


@pytest.fixture(scope="session")
def oidc_database(tmp_path_factory: pytest.TempPathFactory, database_templates: Templates) -> Iterator[str]:
    if "sqlite" in BACKENDS or not BACKENDS:
        yield f"sqlite:///{tmp_path_factory.mktemp('oidc-app') / 'app.db'}"
        return
    url, name = database_templates.postgres_clone()
    yield url
    database_templates.drop_postgres(name)


@pytest.fixture(scope="session")
def oidc_app(
    request: pytest.FixtureRequest, oidc_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OidcApp]:
    """The app with the identity provider configured, one mapped psychologist, no demo data."""
    env = {**os.environ, "DATABASE_URL": oidc_database}
    # create-user migrates the new database to head first, as every command does; it runs
    # while the provider starts.
    seeding = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "screening",
            "create-user",
            "--username",
            MAPPED_USERNAME,
            "--name",
            MAPPED_NAME,
            "--role",
            "psychologist",
            "--sites",
            "ALL",
            "--oidc-subject",
            MAPPED_SUBJECT,
        ],
        cwd=ROOT,
        env={**env, "SCREENING_NEW_PASSWORD": secrets.token_urlsafe(18)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        identity_provider: str = request.getfixturevalue("identity_provider")
    finally:
        _, errors = seeding.communicate(timeout=300)
    assert seeding.returncode == 0, f"create-user failed: {errors}"
    port = _free_port()
    folder = tmp_path_factory.mktemp("oidc-secrets")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "mind-body-screening-tests"\n'
        f'client_secret = "{secrets.token_urlsafe(24)}"\n'
        f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    log = folder / "streamlit.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "serve.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                "--secrets.files",
                str(secrets_file),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            _wait_healthy(f"http://127.0.0.1:{port}", server)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{_log_tail(log)}") from None
        yield OidcApp(url=f"http://localhost:{port}", database_url=oidc_database, log=log)
    finally:
        _stop(server)
