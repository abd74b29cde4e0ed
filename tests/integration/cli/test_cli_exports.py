"""`python -m screening export-csv` and `export-fhir`: files, sign-in, refusals, no half files."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import screening.cli.exports
from models import AppMeta, AuditEvent
from screening.access.rules.app_secrets import DEMO_PSEUDONYM_KEY
from screening.cli.group import main
from screening.exports.services.csv_export import CsvExport
from tests.export_sittings import FORMULA, PASSWORD, completed, patient, site_clinic, user

KEY = "a-real-random-pseudonym-key-of-40-characters"
DATES = ["--from", "2026-07-01", "--to", "2026-07-31"]
IDENTIFIABLE = ["--identifiable", "--user", "admin.ada", "--reason", "Audit of referrals"]


@pytest.fixture
def seeded(session_factory: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml from the working tree
    with session_factory.begin() as db:
        guy = site_clinic(db, "GUY")
        ada = patient(db, family_name=FORMULA, given_name="Ada")
        first = completed(db, ada, guy, datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
        user(db, "admin.ada")
        user(db, "nurse.ben", role="clinic_staff")
        return {"nhs_number": ada.nhs_number, "pseudo_id": ada.pseudo_id, "sitting_id": first.id}


def run(db_url: str, args: list[str], *, password: str | None = PASSWORD, key: str | None = KEY,
        prompt: str | None = None) -> Result:  # fmt: skip
    env = {"DATABASE_URL": db_url, "SCREENING_PSEUDONYM_KEY": key, "SCREENING_PASSWORD": password}
    return CliRunner().invoke(main, args, env=env, input=prompt)


def audit_actions(session_factory: sessionmaker[Session]) -> list[str]:
    with session_factory() as db:
        return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("command", ["export-csv", "export-fhir"])
def test_the_export_commands_have_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "--from" in result.stdout and "--out" in result.stdout


def test_a_pseudonymised_export_needs_no_sign_in(db_url: str, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, "--out", str(out)], password=None)
    assert result.exit_code == 0, result.stderr
    assert "Wrote 1 sittings (pseudonymised)" in result.stdout
    text = out.read_text(encoding="utf-8-sig")
    assert seeded["nhs_number"] not in text and "HYPERLINK" not in text and seeded["pseudo_id"] not in text


def test_without_a_pseudonym_key_outside_demo_mode_nothing_is_written(
    db_url: str, seeded: dict, tmp_path: Path
) -> None:
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, "--out", str(out)], key=None)
    assert result.exit_code == 1
    assert "SCREENING_PSEUDONYM_KEY" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_an_administrator_gets_the_identifiable_file_with_formulas_neutralised(
    db_url: str, seeded: dict, tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, *IDENTIFIABLE, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    (row,) = read_rows(out)
    assert row["nhs_number"] == seeded["nhs_number"]
    assert row["family_name"] == "'" + FORMULA
    assert audit_actions(session_factory)[-2:] == ["auth.sign_in", "export.csv"]


def test_the_password_can_come_from_a_hidden_prompt(db_url: str, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, *IDENTIFIABLE, "--out", str(out)], password=None,
                 prompt=PASSWORD + "\n")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert PASSWORD not in result.output
    assert out.exists()


@pytest.mark.parametrize("missing", ["--user", "--reason"])
def test_identifiable_needs_a_user_and_a_reason(db_url: str, seeded: dict, tmp_path: Path, missing: str) -> None:
    args = list(IDENTIFIABLE)
    del args[args.index(missing) : args.index(missing) + 2]
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, *args, "--out", str(out)])
    assert result.exit_code == 1
    assert "needs --user (an administrator) and --reason" in result.stderr
    assert not out.exists()


def test_a_wrong_password_is_refused_and_the_failure_is_kept(
    db_url: str, seeded: dict, tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    out = tmp_path / "export.csv"
    args = ["export-csv", *DATES, *IDENTIFIABLE, "--out", str(out)]
    result = run(db_url, args, password="not-the-password")
    assert result.exit_code == 1
    assert result.stderr == "Error: Username or password is not right.\n"
    assert not out.exists()
    assert audit_actions(session_factory)[-1] == "auth.sign_in_failed"


def test_clinic_staff_are_refused_an_identifiable_export_and_the_refusal_is_audited(
    db_url: str, seeded: dict, tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    out = tmp_path / "export.csv"
    args = ["export-csv", *DATES, "--identifiable", "--user", "nurse.ben", "--reason", "Curious"]
    result = run(db_url, [*args, "--out", str(out)])
    assert result.exit_code == 1
    assert "cannot export identifiable data" in result.stderr
    assert not out.exists()
    assert audit_actions(session_factory)[-2:] == ["auth.sign_in", "export.refused"]


def test_an_unknown_site_says_how_to_create_it_and_writes_nothing(db_url: str, seeded: dict, tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, "--site", "NOPE", "--out", str(out)])
    assert result.exit_code == 1
    assert "add-site NOPE" in result.stderr
    assert not out.exists()


def test_dates_the_wrong_way_round_are_one_clear_line(db_url: str, seeded: dict, tmp_path: Path) -> None:
    args = ["export-csv", "--from", "2026-07-31", "--to", "2026-07-01", "--out", str(tmp_path / "x")]
    result = run(db_url, args)
    assert result.exit_code == 1 and "before --from" in result.stderr


def test_a_failure_while_writing_leaves_no_file_and_no_audit_row(
    db_url: str,
    seeded: dict,
    tmp_path: Path,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = screening.cli.exports.csv_export

    def failing(session: Session, **options: Any) -> CsvExport:
        export = real(session, **options)

        def rows() -> Iterator[dict[str, Any]]:
            yield from export.rows
            raise RuntimeError("the disk filled up")

        return CsvExport(export.columns, export.sittings, export.patients, rows())

    monkeypatch.setattr(screening.cli.exports, "csv_export", failing)
    out = tmp_path / "exports" / "export.csv"
    out.parent.mkdir()
    result = run(db_url, ["export-csv", *DATES, "--out", str(out)])
    assert result.exit_code == 2 and "failed unexpectedly" in result.stderr
    assert list(out.parent.iterdir()) == []  # neither the file nor a temporary one
    assert "export.csv" not in audit_actions(session_factory)


def test_export_fhir_writes_one_valid_bundle_per_sitting(
    db_url: str, seeded: dict, tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    out = tmp_path / "fhir"
    args = ["export-fhir", *DATES, "--user", "admin.ada", "--reason", "Send to the EPR", "--out", str(out)]
    result = run(db_url, args)
    assert result.exit_code == 0, result.stderr
    assert "Wrote 1 FHIR Bundles" in result.stdout
    (path,) = out.iterdir()
    assert path.name == f"sitting-{seeded['sitting_id']}.json"
    Bundle.model_validate(json.loads(path.read_text(encoding="utf-8")))
    assert audit_actions(session_factory)[-1] == "export.fhir"
    again = run(db_url, args)
    assert again.exit_code == 1 and "not an empty folder" in again.stderr


def test_export_fhir_is_identifiable_so_it_needs_a_user_and_a_reason(db_url: str, seeded: dict, tmp_path: Path) -> None:
    result = run(db_url, ["export-fhir", *DATES, "--out", str(tmp_path / "fhir")])
    assert result.exit_code == 1
    assert "needs --user (an administrator) and --reason" in result.stderr
    assert not (tmp_path / "fhir").exists()


def test_the_public_demo_key_is_refused_for_an_export_outside_demo_mode(
    db_url: str, seeded: dict, tmp_path: Path
) -> None:
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, "--out", str(out)], key=DEMO_PSEUDONYM_KEY)
    assert result.exit_code == 1 and not out.exists()
    assert "SCREENING_PSEUDONYM_KEY" in result.stderr and "published default value" in result.stderr


def test_an_export_from_misplaced_demo_data_is_refused(
    db_url: str, seeded: dict, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with session_factory.begin() as db:
        db.add(AppMeta(key="demo_data", value="true"))
    out = tmp_path / "export.csv"
    result = run(db_url, ["export-csv", *DATES, "--out", str(out)], key=None)
    assert result.exit_code == 1 and not out.exists()
    assert "is not a demo database" in result.stderr
