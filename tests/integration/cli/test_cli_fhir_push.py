"""`python -m screening push-fhir`: off until configured, counts on one line, `--since` (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import FhirDelivery
from screening.cli.group import main
from tests import export_sittings as make
from tests.fake_fhir import TOKEN, fake_fhir

UNSET = {"SCREENING_FHIR_PUSH_URL": None, "SCREENING_FHIR_PUSH_TOKEN": None, "SCREENING_FHIR_BASE": None}


def cli(args: list[str], url: str, env: dict[str, str | None]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env={**UNSET, "DATABASE_URL": url, **env})
    return result.exit_code, result.stdout, result.stderr


def test_push_fhir_refuses_to_run_until_the_server_is_configured(db_url: str) -> None:
    code, _, err = cli(["push-fhir"], db_url, {})
    assert code == 1
    assert "SCREENING_FHIR_PUSH_URL" in err and "base URL" in err


def test_push_fhir_refuses_plain_http_to_another_host(db_url: str) -> None:
    code, _, err = cli(["push-fhir"], db_url, {"SCREENING_FHIR_PUSH_URL": "http://engine.example.nhs.uk/fhir"})
    assert code == 1 and "https" in err


def test_push_fhir_sends_the_days_sittings_and_says_how_many_on_one_line(db_url: str, db_session: Session) -> None:
    clinic = make.site_clinic(db_session, "RJ1")
    for n in range(2):
        make.completed(db_session, make.patient(db_session), clinic, datetime.now(UTC) - timedelta(days=2, hours=n))
    db_session.commit()
    with fake_fhir() as server:
        env = {"SCREENING_FHIR_PUSH_URL": server.url, "SCREENING_FHIR_PUSH_TOKEN": TOKEN}
        since = (datetime.now(UTC) - timedelta(days=4)).date()
        code, out, err = cli(["push-fhir", "--since", since.isoformat()], db_url, env)
        assert (code, err) == (0, "")
        lines = out.strip().splitlines()
        assert lines[0] == f"Sittings started from {since:%d %B %Y} on will be pushed."
        assert lines[1].endswith("Queued 2 new sittings. Sent 2: 2 delivered, 0 to retry, 0 failed.")
        assert len(server.transactions) == 2
        code, out, _ = cli(["push-fhir"], db_url, env)
        assert out.strip().endswith("Queued 0 new sittings. Sent 0: 0 delivered, 0 to retry, 0 failed.")
    db_session.expire_all()
    assert {d.status for d in db_session.scalars(select(FhirDelivery))} == {"delivered"}


def test_push_fhir_says_how_to_write_a_day(db_url: str) -> None:
    with fake_fhir() as server:
        code, _, err = cli(["push-fhir", "--since", "04/12/2026"], db_url, {"SCREENING_FHIR_PUSH_URL": server.url})
    assert code == 1 and "YYYY-MM-DD" in err
