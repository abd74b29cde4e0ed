"""The upload page's preview: the first rows exactly as the import reads them."""

from __future__ import annotations

import io

import pytest

from screening.imports.rules.csv_encoding import ImportFileRefused
from screening.imports.rules.import_preview import PREVIEW_ROWS, first_rows
from tests.import_files import attendance, csv_file, csv_text, patients, sitting, sitting_columns


def test_at_most_twenty_rows_are_read_each_with_its_line_in_the_file() -> None:
    rows = first_rows(csv_file(patients(PREVIEW_ROWS + 3)), "attendances")
    assert len(rows) == PREVIEW_ROWS == 20
    assert [rows[0]["line"], rows[-1]["line"]] == [2, 21]  # the header is line 1
    assert rows[0]["appointment_id"] == "PAS-0001"


def test_a_windows_1252_file_keeps_its_accents_and_blank_lines_are_skipped() -> None:
    text = csv_text([attendance(family_name="Ní Bhriain", given_name="Zoë")], newline="\r\n") + "\r\n,,,\r\n"
    rows = first_rows(io.BytesIO(text.encode("cp1252")), "attendances")
    assert [(r["given_name"], r["family_name"]) for r in rows] == [("Zoë", "Ní Bhriain")]


def test_a_screening_file_shows_only_the_item_columns_it_has() -> None:
    rows = [sitting()]
    [row] = first_rows(csv_file(rows, sitting_columns(rows)), "screenings")
    assert "phq9_9" in row and "auditc_1" not in row


def test_a_file_with_the_wrong_header_is_refused_as_the_import_refuses_it() -> None:
    with pytest.raises(ImportFileRefused, match="missing column appointment_id"):
        first_rows(csv_file(patients(1), [c for c in attendance() if c != "appointment_id"]), "attendances")


def test_a_mobile_or_email_is_shown_only_as_given_never_its_value() -> None:
    rows = [attendance(mobile="07700 900123", email="ada@example.com", no_contact="Y"),
            attendance(appointment_id="PAS-0002", mobile="", email=" ", no_contact="")]  # fmt: skip
    first, second = first_rows(csv_file(rows), "attendances")
    assert (first["mobile"], first["email"], first["no_contact"]) == ("given", "given", "Y")
    assert (second["mobile"], second["email"], second["no_contact"]) == ("", "", "")
    assert "900123" not in str([first, second]) and "ada@" not in str([first, second])
