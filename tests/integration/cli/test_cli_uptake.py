"""`python -m screening uptake` on the hand-built June service (tests/uptake_scenario.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent
from screening.access.services.accounts import create_user
from screening.cli.group import main
from tests.uptake_scenario import build

PASSWORD = "correct-horse-battery-42"
JUNE = ["uptake", "--from", "2026-06-01", "--to", "2026-06-30"]
EXACT = ["--no-suppress", "--user", "admin.ada", "--reason", "Checking the June figures"]


@pytest.fixture
def june(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with session_factory.begin() as db:
        build(db)
        for username, role in (("admin.ada", "administrator"), ("manager.mo", "service_manager")):
            create_user(db, username=username, display_name="Test User", role=role, password=PASSWORD,
                        site_codes=None, actor=None)  # fmt: skip
    return session_factory


def run(db_url: str, args: list[str]) -> Result:
    return CliRunner().invoke(main, args, env={"DATABASE_URL": db_url, "SCREENING_PASSWORD": PASSWORD})


def rows(result: Result) -> list[list[str]]:
    return list(csv.reader(io.StringIO(result.stdout)))


def audit(factory: sessionmaker[Session], action: str) -> list[AuditEvent]:
    with factory() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_csv_has_the_breakdown_columns_and_hides_small_counts_by_default(db_url: str, june) -> None:
    result = run(db_url, [*JUNE, "--by", "site", "--by", "ethnic_group", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    table = rows(result)
    assert table[0] == ["site", "ethnic_group", "eligible", "offered", "screened", "declined", "uptake", "ci_low",
                        "ci_high"]  # fmt: skip
    # S1 White: 2 eligible, 2 offered, 1 screened, 1 declined: all 1-7, so all hidden.
    assert table[1] == ["S1", "White", "*", "*", "*", "*", "*", "*", "*"]
    assert [r[:2] for r in table[1:]] == [["S1", "White"], ["S1", "Black"], ["S1", "Not stated"], ["S2", "Black"],
                                          ["S2", "Not known"]]  # fmt: skip
    (event,) = audit(june, "analytics.exported")
    assert event.actor == "command line" and event.detail["mode"] == "suppressed" and event.detail["rows"] == 5


def test_an_administrator_with_a_reason_gets_exact_counts_and_both_steps_are_audited(db_url: str, june) -> None:
    result = run(db_url, [*JUNE, "--by", "site", "--by", "ethnic_group", "--format", "csv", *EXACT])
    assert result.exit_code == 0, result.stderr
    # S1 White: 1 screened of 2 eligible = 0.5. Wilson: centre (0.5 + 3.8415/4) / (1 + 3.8415/2)
    # = 0.5; half = 1.96/2.92073 * sqrt(0.125 + 3.8415/16) = 0.67106 * 0.60421 = 0.4055.
    assert rows(result)[1] == ["S1", "White", "2", "2", "1", "1", "0.5000", "0.0945", "0.9055"]
    (granted,) = audit(june, "analytics.unsuppressed")
    assert granted.actor == "admin.ada" and granted.detail["reason"] == "Checking the June figures"
    (exported,) = audit(june, "analytics.exported")
    assert exported.detail["mode"] == "unsuppressed" and exported.detail["by"] == ["site", "ethnic_group"]


def test_site_filter_and_json_output(db_url: str, june) -> None:
    result = run(db_url, [*JUNE, "--by", "ethnic_group", "--site", "S2", "--format", "json", *EXACT])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["from"], data["to"], data["site"], data["suppressed"]) == ("2026-06-01", "2026-06-30", "S2", False)
    # At S2 only: P2 screened there; P5 abandoned there (its S1 completion is out of scope).
    assert [(r["ethnic_group"], r["eligible"], r["screened"], r["uptake"]) for r in data["rows"]] == [
        ("Black", 1, 1, 1.0),
        ("Not known", 1, 0, 0.0),
    ]


def test_the_table_format_is_aligned_text_with_percentages(db_url: str, june) -> None:
    result = run(db_url, [*JUNE, "--by", "interpreter", *EXACT])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["interpreter", "eligible", "offered", "screened", "declined", "uptake", "95%",
                                "interval"]  # fmt: skip
    assert lines[3].split()[:6] == ["No", "4", "3", "2", "1", "50.0%"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--no-suppress"], "--no-suppress needs --user (an administrator) and --reason."),
        (["--no-suppress", "--user", "admin.ada"], "--no-suppress needs --user (an administrator) and --reason."),
        (["--no-suppress", "--user", "manager.mo", "--reason", "x"], "cannot open the unsuppressed analytic view"),
        (["--by", "gender", "--by", "language"], "--by: give one or two breakdowns."),
        (["--site", "S9"], "There is no site 'S9'"),
    ],
)
def test_refusals_are_one_line_errors_and_export_nothing(db_url: str, june, extra: list[str], message: str) -> None:
    result = run(db_url, [*JUNE, "--by", "site", *extra])
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert audit(june, "analytics.exported") == []


def test_an_unknown_breakdown_is_a_usage_error_naming_the_choices(db_url: str) -> None:
    result = CliRunner().invoke(main, [*JUNE, "--by", "postcode"], env={"DATABASE_URL": db_url})
    assert result.exit_code == 2
    assert "'postcode' is not one of" in result.stderr and "ethnic_group" in result.stderr


def test_help_names_every_option() -> None:
    result = CliRunner().invoke(main, ["uptake", "--help"])
    for option in ("--from", "--to", "--by", "--site", "--no-suppress", "--format", "--user", "--reason"):
        assert option in result.stdout


def test_check_counts_queued_patients_and_refresh_uptake_empties_the_queue(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as connection:  # as after an upgrade: patients waiting for their summary rows
        connection.execute(text("INSERT INTO uptake_stale (patient_id) VALUES (41), (41), (42)"))
    engine.dispose()
    checked = CliRunner().invoke(main, ["check"], env={"DATABASE_URL": db_url})
    assert "Uptake summary: 2 patients wait for a refresh" in checked.stdout
    refreshed = CliRunner().invoke(main, ["refresh-uptake"], env={"DATABASE_URL": db_url})
    assert refreshed.exit_code == 0, refreshed.stderr
    assert "Uptake summary up to date: 2 patients refreshed" in refreshed.stdout
    again = CliRunner().invoke(main, ["check"], env={"DATABASE_URL": db_url})
    assert "wait for a refresh" not in again.stdout
