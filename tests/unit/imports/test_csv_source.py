"""Opening an import file: encodings, line endings, the header check, and not-CSV files."""

from __future__ import annotations

import hashlib
import io

import pytest

from screening.imports.rules.csv_encoding import ImportFileRefused
from screening.imports.rules.csv_source import CsvSource, open_csv
from screening.imports.rules.import_report import WHOLE_ROW

COLUMNS = ("appointment_id", "family_name", "status")


def opened(data: bytes, optional: tuple[str, ...] = ()) -> CsvSource:
    return open_csv(io.BytesIO(data), required=COLUMNS, optional=optional)


def rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    return [(line, values) for line, values, _ in opened(data).rows()]


def refusal(data: bytes) -> str:
    with pytest.raises(ImportFileRefused) as caught:
        opened(data)
    return str(caught.value)


def test_a_plain_utf8_file_gives_its_rows_with_file_line_numbers() -> None:
    data = b"appointment_id,family_name,status\nA1,Okafor,attended\nA2,Mensah,cancelled\n"
    assert rows(data) == [
        (2, {"appointment_id": "A1", "family_name": "Okafor", "status": "attended"}),
        (3, {"appointment_id": "A2", "family_name": "Mensah", "status": "cancelled"}),
    ]


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_column_name() -> None:
    data = "\ufeffappointment_id,family_name,status\r\nA1,Zoë,attended\r\n".encode()
    source = opened(data)
    assert source.encoding == "utf-8-sig" and source.header == COLUMNS
    assert rows(data)[0][1]["family_name"] == "Zoë"


def test_windows_line_endings_give_the_same_rows_as_unix_ones() -> None:
    unix = b"appointment_id,family_name,status\nA1,Okafor,attended\nA2,Mensah,cancelled\n"
    assert rows(unix.replace(b"\n", b"\r\n")) == rows(unix)


@pytest.mark.parametrize(("name", "encoding"), [("Zoë Núñez", "latin-1"), ("O\u2019Brien", "cp1252")])
def test_a_file_saved_in_a_windows_encoding_reads_the_names_correctly(name: str, encoding: str) -> None:
    data = f"appointment_id,family_name,status\nA1,{name},attended\n".encode(encoding)
    assert opened(data).encoding == "cp1252"
    assert rows(data)[0][1]["family_name"] == name


def test_bytes_windows_1252_leaves_undefined_are_read_as_latin_1() -> None:
    data = b"appointment_id,family_name,status\nA1,Ok\x81afor,attended\n"
    assert opened(data).encoding == "latin-1"


def test_column_order_is_free_and_names_are_trimmed() -> None:
    data = b" status ,appointment_id,family_name\nattended,A1,Okafor\n"
    assert rows(data)[0][1] == {"status": "attended", "appointment_id": "A1", "family_name": "Okafor"}


def test_blank_lines_are_skipped_and_a_quoted_line_break_does_not_shift_line_numbers() -> None:
    data = b'appointment_id,family_name,status\n\nA1,"Okafor\nSmith",attended\n,,\nA2,Mensah,attended\n'
    assert [line for line, _ in rows(data)] == [3, 6]


@pytest.mark.parametrize("line", [b"A1,Okafor\n", b"A1,Okafor,attended,extra\n"])
def test_a_row_with_the_wrong_number_of_values_is_that_rows_error(line: bytes) -> None:
    source = opened(b"appointment_id,family_name,status\n" + line + b"A2,Mensah,attended\n")
    problems = [problem for _, _, problem in source.rows()]
    assert problems[0] is not None and problems[0].line == 2 and problems[0].column == WHOLE_ROW
    assert problems[1] is None


def test_a_missing_column_is_named() -> None:
    assert "missing column status" in refusal(b"appointment_id,family_name\nA1,Okafor\n")


def test_an_extra_column_is_refused_by_name() -> None:
    message = refusal(b"appointment_id,family_name,status,postcode\nA1,Okafor,attended,SE1\n")
    assert "unknown column postcode (remove them)" in message


def test_a_repeated_column_is_refused() -> None:
    assert "repeated column status" in refusal(b"appointment_id,family_name,status,status\n")


def test_optional_columns_may_be_present_or_absent() -> None:
    data = b"appointment_id,family_name,status,note\nA1,Okafor,attended,x\n"
    assert opened(data, optional=("note",)).header == (*COLUMNS, "note")
    assert opened(data.replace(b",note", b"").replace(b",x", b""), optional=("note",)).header == COLUMNS


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "spreadsheet (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old-excel", "spreadsheet (.xls)"),
        ("appointment_id,family_name,status\n".encode("utf-16"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"", "empty"),
        (b"Dear colleague,\nplease find the clinic list attached.\n", "not a CSV file"),
        (b"appointment_id;family_name;status\nA1;Okafor;attended\n", "separated by ';'"),
    ],
)
def test_a_file_that_is_not_csv_gets_one_clear_message(data: bytes, says: str) -> None:
    message = refusal(data)
    assert says in message and "CSV UTF-8 (comma delimited)" in message


def test_the_file_hash_and_expected_row_count_come_from_one_pass() -> None:
    data = b"appointment_id,family_name,status\r\nA1,Okafor,attended\r\nA2,Mensah,attended"
    source = opened(data)
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.rows_expected == 2


def test_reading_rows_leaves_the_callers_file_open() -> None:
    binary = io.BytesIO(b"appointment_id,family_name,status\nA1,Okafor,attended\n")
    list(open_csv(binary, required=COLUMNS).rows())
    assert not binary.closed
