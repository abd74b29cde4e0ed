"""Export files are written whole or not at all."""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from screening.errors import InvalidValue, NotFound
from screening.exports.rules.export_files import write_csv, write_folder

COLUMNS = ("a", "b")


def rows_then_failure() -> Iterator[dict[str, object]]:
    yield {"a": 1, "b": "x"}
    raise RuntimeError("database went away")


def test_a_csv_is_written_with_its_header_and_rows(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    assert write_csv(out, COLUMNS, [{"a": 1, "b": "Łukasz"}, {"a": 2, "b": None}]) == 2
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.DictReader(handle)) == [{"a": "1", "b": "Łukasz"}, {"a": "2", "b": ""}]
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8 names right


def test_a_failure_half_way_leaves_no_file_and_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    with pytest.raises(RuntimeError):
        write_csv(out, COLUMNS, rows_then_failure())
    assert list(tmp_path.iterdir()) == []


def test_a_failure_keeps_the_previous_export_untouched(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    out.write_text("previous export\n")
    with pytest.raises(RuntimeError):
        write_csv(out, COLUMNS, rows_then_failure())
    assert out.read_text() == "previous export\n"
    assert list(tmp_path.iterdir()) == [out]


def test_an_export_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    write_csv(out, COLUMNS, [])
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        write_csv(tmp_path / "nowhere" / "export.csv", COLUMNS, [])


def test_a_folder_of_files_appears_whole(tmp_path: Path) -> None:
    out = tmp_path / "fhir"
    assert write_folder(out, [("sitting-1.json", "{}"), ("sitting-2.json", "[]")]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["sitting-1.json", "sitting-2.json"]
    assert list(tmp_path.iterdir()) == [out]


def test_an_existing_empty_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "fhir"
    out.mkdir()
    write_folder(out, [("sitting-1.json", "{}")])
    assert [p.name for p in out.iterdir()] == ["sitting-1.json"]


def test_a_folder_that_already_holds_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "fhir"
    out.mkdir()
    (out / "old.json").write_text("{}")
    with pytest.raises(InvalidValue, match="not an empty folder"):
        write_folder(out, [("sitting-1.json", "{}")])


def test_a_failure_half_way_through_a_folder_leaves_nothing(tmp_path: Path) -> None:
    def files() -> Iterator[tuple[str, str]]:
        yield "sitting-1.json", "{}"
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "fhir", files())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.json", "sub/dir.json", ".hidden"])
def test_a_file_name_cannot_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        write_folder(tmp_path / "fhir", [(name, "{}")])
    assert list(tmp_path.iterdir()) == []
