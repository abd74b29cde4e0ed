"""`add-site`, `add-clinic`, `import-attendances`, `import-screenings` on the command line."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, insert, select

from models import AppMeta, Attendance, Flag, ImportRun
from screening.cli.group import main
from tests.import_files import attendance, csv_text, patients, sitting, sitting_columns

COMMANDS = ["add-site", "add-clinic", "import-attendances", "import-screenings"]


def run(args: list[str], url: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env={"DATABASE_URL": url})
    return result.exit_code, result.stdout, result.stderr


def count(url: str, model: type) -> int:
    (found,) = values(url, select(func.count()).select_from(model))
    return int(found)


def values(url: str, query: Any) -> list[Any]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = list(connection.scalars(query))
    engine.dispose()
    return found


@pytest.fixture
def url(db_url: str) -> str:
    for args in (
        ["add-site", "GUY", "Guy's Hospital"],
        ["add-clinic", "GUY", "GUY-HBO", "Haemoglobinopathy", "--specialty", "haemoglobinopathy"],
    ):
        code, _, err = run(args, db_url)  # fmt: skip
        assert code == 0, err
    return db_url


def write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    path.write_text(csv_text(rows, columns), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_import_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_add_site_and_add_clinic_say_what_they_made(db_url: str) -> None:
    assert run(["add-site", "kch", "King's College Hospital"], db_url)[1] == (
        "Added site KCH (King's College Hospital).\n")  # fmt: skip
    code, out, _ = run(["add-clinic", "KCH", "kch-onc", "Haemato-oncology", "--specialty", "haemato_oncology",
                        "--bundle", "gateway"], db_url)  # fmt: skip
    assert code == 0 and out == "Added clinic KCH-ONC (Haemato-oncology) at KCH, gateway bundle.\n"


def test_a_clinic_at_an_unknown_site_is_one_line_saying_how_to_create_it(db_url: str) -> None:
    code, _, err = run(["add-clinic", "STH", "STH-GEN", "General", "--specialty", "general_haematology"], db_url)
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("Error: No site with code STH: create it with `python -m screening add-site CODE NAME`")


def test_a_duplicate_site_is_one_line_error(url: str) -> None:
    code, _, err = run(["add-site", "GUY", "Again"], url)
    assert code == 1 and err == "Error: A site with code GUY already exists; choose another code.\n"


def test_an_unknown_specialty_lists_the_choices(db_url: str) -> None:
    code, _, err = run(["add-clinic", "GUY", "GUY-X", "X", "--specialty", "cardiology"], db_url)
    assert code == 2 and "haemoglobinopathy" in err


def test_importing_a_clinic_list_prints_the_summary(url: str, tmp_path: Path) -> None:
    code, out, err = run(["import-attendances", str(write(tmp_path / "list.csv", patients(3)))], url)
    assert (code, err) == (0, "")
    assert out == "Imported attendances: read 3, inserted 3, updated 0, unchanged 0, rejected 0\n"
    assert count(url, Attendance) == 3 and not (tmp_path / "list.errors.csv").exists()


def test_invalid_rows_are_printed_reported_beside_the_file_and_nothing_is_imported(url: str, tmp_path: Path) -> None:
    rows = patients(3)
    rows[2] |= {"gender_code": "M", "nhs_number": "9434765918"}
    code, out, err = run(["import-attendances", str(write(tmp_path / "list.csv", rows))], url)
    assert code == 1 and count(url, Attendance) == 0
    assert "line 4, gender_code: must be 1, 2, 9 or X." in out and "line 4, nhs_number:" in out
    assert "Nothing imported: read 3, inserted 0, updated 0, unchanged 0, rejected 1" in out
    assert err == ("Error: 1 invalid row, so nothing was imported: correct it (see list.errors.csv) "
                   "or use --skip-invalid.\n")  # fmt: skip
    report = list(csv.DictReader((tmp_path / "list.errors.csv").open(encoding="utf-8-sig")))
    assert [(r["line"], r["column"]) for r in report] == [("4", "nhs_number"), ("4", "gender_code")]
    assert "9434765918" not in out + err + (tmp_path / "list.errors.csv").read_text(encoding="utf-8-sig")
    assert count(url, ImportRun) == 1  # the attempt is on record


def test_skip_invalid_imports_the_rest_and_writes_the_rejected_rows(url: str, tmp_path: Path) -> None:
    rows = patients(3)
    rows[0] |= {"attendance_status": "DNA"}
    code, out, _ = run(["import-attendances", str(write(tmp_path / "list.csv", rows)), "--skip-invalid"], url)
    assert code == 0 and count(url, Attendance) == 2
    assert "rejected 1" in out and f"Rejected rows written to {tmp_path / 'list.rejected.csv'}" in out
    (rejected,) = list(csv.DictReader((tmp_path / "list.rejected.csv").open(encoding="utf-8-sig")))
    assert (rejected["appointment_id"], rejected["reason"]) == (
        "PAS-0001", "attendance_status: must be attended, did_not_attend or cancelled")  # fmt: skip


def test_a_clean_run_removes_the_reports_an_earlier_run_left(url: str, tmp_path: Path) -> None:
    bad = patients(1)
    bad[0] |= {"gender_code": "M"}
    run(["import-attendances", str(write(tmp_path / "list.csv", bad)), "--skip-invalid"], url)
    assert (tmp_path / "list.errors.csv").exists() and (tmp_path / "list.rejected.csv").exists()
    run(["import-attendances", str(write(tmp_path / "list.csv", patients(1))), "--skip-invalid"], url)
    assert not (tmp_path / "list.errors.csv").exists() and not (tmp_path / "list.rejected.csv").exists()


def test_a_dry_run_changes_nothing(url: str, tmp_path: Path) -> None:
    code, out, _ = run(["import-attendances", str(write(tmp_path / "list.csv", patients(2))), "--dry-run"], url)
    assert code == 0 and out.startswith("Dry run, nothing written: read 2, inserted 2")
    assert count(url, Attendance) == 0


def test_a_file_that_is_not_csv_is_one_clear_line(url: str, tmp_path: Path) -> None:
    workbook = tmp_path / "list.xlsx"
    workbook.write_bytes(b"PK\x03\x04 a workbook")
    code, out, err = run(["import-attendances", str(workbook)], url)
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith("Error: The file is a spreadsheet (.xlsx), not a CSV file: save it")
    assert not (tmp_path / "list.rejected.csv").exists()


def test_a_missing_file_is_refused_by_name(url: str, tmp_path: Path) -> None:
    code, _, err = run(["import-attendances", str(tmp_path / "nowhere.csv")], url)
    assert code == 2 and "does not exist" in err


def test_importing_historical_screenings_closes_their_flags_unless_asked(url: str, tmp_path: Path) -> None:
    run(["import-attendances", str(write(tmp_path / "list.csv", [attendance()]))], url)
    rows = [sitting(phq9_9="1")]
    path = write(tmp_path / "paper.csv", rows, sitting_columns(rows))
    code, out, err = run(["import-screenings", str(path), "--open-flags"], url)
    assert (code, err) == (0, "")
    assert out == "Imported screenings: read 1, inserted 1, updated 0, unchanged 0, rejected 0\n"
    # Item 9 answered 1 (URGENT) and PHQ-9 total 13 (ROUTINE), both left open for review.
    assert sorted(values(url, select(Flag.status))) == ["open", "open"]


@pytest.mark.parametrize("command", ["import-attendances", "import-screenings"])
def test_a_demo_database_refuses_real_data_in_one_line_saying_what_to_do(
    url: str, tmp_path: Path, command: str
) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(AppMeta).values(key="demo_data", value="true"))
    engine.dispose()
    rows = patients(2) if command == "import-attendances" else [sitting()]
    columns = None if command == "import-attendances" else sitting_columns(rows)
    code, out, err = run([command, str(write(tmp_path / "real.csv", rows, columns))], url)
    assert (code, out) == (1, "")
    assert err.startswith("Error: This database holds the demo service") and "point DATABASE_URL at" in err
    assert count(url, ImportRun) == 0 and count(url, Attendance) == 0
