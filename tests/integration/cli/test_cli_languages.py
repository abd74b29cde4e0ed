"""`import-translation FILE`: stored unsigned, or refused line by line with exit code 1."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, delete, select, update

from models import AuditEvent, Translation
from screening.cli.group import main
from tests.translation_files import translation_file


def run(file: Path, url: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import-translation", str(file)], env={"DATABASE_URL": url})
    return result.exit_code, result.stdout, result.stderr


def rows(url: str, query) -> list:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = list(connection.execute(query))
    engine.dispose()
    return found


def test_a_valid_file_is_imported_unsigned_and_audited_as_the_command_line(db_url: str, tmp_path: Path) -> None:
    file = tmp_path / "qaa.toml"
    file.write_text(translation_file(), encoding="utf-8")
    code, out, err = run(file, db_url)
    assert (code, err) == (0, "")
    assert out.startswith("Imported qaa: patient_text, phq9, gad7, phq4, auditc. Not signed off")
    assert len(rows(db_url, select(Translation.id).where(Translation.signed_off_at.is_(None)))) == 5
    assert rows(db_url, select(AuditEvent.action, AuditEvent.actor)) == [("translation.imported", "command line")]


def test_a_broken_file_prints_each_problem_on_its_own_line_and_exits_1(db_url: str, tmp_path: Path) -> None:
    file = tmp_path / "broken.toml"
    file.write_text(translation_file().replace('linkId = "phq9_2"', 'linkId = "phq9_22"'), encoding="utf-8")
    code, out, err = run(file, db_url)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "Refused broken.toml: nothing was imported. Problems:",
        f"  line {line_of(file, '[phq9]')}: phq9: the item phq9_2 is missing",
        f"  line {line_of(file, 'phq9_22')}: phq9: the master has no item phq9_22",
    ]
    assert rows(db_url, select(Translation.id)) == []


def line_of(file: Path, needle: str) -> int:
    return next(n for n, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


def test_init_db_demo_on_an_existing_demo_imports_again_a_test_language_gone_or_out_of_date(demo_db_url: str) -> None:
    runner = CliRunner()
    loaded = runner.invoke(main, ["demo-data", "--patients", "10"], env={"DATABASE_URL": demo_db_url})
    assert loaded.exit_code == 0, loaded.stderr
    again = runner.invoke(main, ["init-db", "--demo"], env={"DATABASE_URL": demo_db_url})
    assert "Test languages imported again" not in again.stdout  # both present and current
    engine = create_engine(demo_db_url)
    with engine.begin() as connection:
        connection.execute(delete(Translation).where(Translation.language == "en-XA", Translation.part == "phq4"))
        connection.execute(
            update(Translation).where(Translation.language == "ar-XB").values(master_fingerprint="0" * 64)
        )
    engine.dispose()
    again = runner.invoke(main, ["init-db", "--demo"], env={"DATABASE_URL": demo_db_url})
    assert "Test languages imported again from the current English master: en-XA, ar-XB." in again.stdout
    assert len(rows(demo_db_url, select(Translation.id))) == 10
