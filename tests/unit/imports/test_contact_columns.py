"""A clinic list row's optional mobile, email and no_contact columns (issue 17)."""

from __future__ import annotations

import pytest

from screening.imports.rules.attendance_rows import OPTIONAL_COLUMNS, parse_attendance_row
from screening.imports.rules.contact_columns import NONE, ContactDetails, ContactFields, changed_columns
from tests.import_files import attendance


def contact_of(**fields: str) -> ContactFields | None:
    row, errors = parse_attendance_row(2, attendance(**fields))
    assert errors == [] and row is not None
    return row.contact


def test_the_contact_columns_are_optional_mobile_email_and_no_contact() -> None:
    assert OPTIONAL_COLUMNS == ("mobile", "email", "no_contact")


def test_a_row_from_a_file_without_contact_columns_has_no_contact() -> None:
    assert contact_of() is None


def test_the_given_columns_are_read_and_named() -> None:
    found = contact_of(mobile="+44 7700 900123", email="Ada@Example.com", no_contact="Y")
    assert found == ContactFields(frozenset(OPTIONAL_COLUMNS), ContactDetails("07700900123", "Ada@example.com", True))


def test_a_file_with_only_a_mobile_column_gives_only_the_mobile() -> None:
    found = contact_of(mobile="")
    assert found is not None and found.given == {"mobile"} and found.details == NONE


@pytest.mark.parametrize(
    ("fields", "column"),
    [({"mobile": "020 7946 0000"}, "mobile"), ({"email": "ada@"}, "email"), ({"no_contact": "X"}, "no_contact")],
)
def test_a_bad_contact_cell_is_the_row_s_error_in_its_own_column(fields: dict[str, str], column: str) -> None:
    row, errors = parse_attendance_row(9, attendance(**fields))
    assert row is None and [(e.line, e.column) for e in errors] == [(9, column)]
    assert next(iter(fields.values())) not in errors[0].reason


def test_every_bad_contact_cell_in_a_row_is_reported() -> None:
    _, errors = parse_attendance_row(4, attendance(mobile="12", email="x", no_contact="perhaps"))
    assert [e.column for e in errors] == ["mobile", "email", "no_contact"]


STORED = ContactDetails("07700900123", "ada@example.com", True)


@pytest.mark.parametrize(
    ("given", "details", "after"),
    [
        ({"mobile"}, NONE, ContactDetails(None, "ada@example.com", True)),  # a blank mobile cell clears it
        ({"email", "no_contact"}, ContactDetails("07700900999"), ContactDetails("07700900123", None, False)),
        (set(), ContactDetails("07700900999", "x@example.com", False), STORED),  # (no column: kept)
        ({"mobile", "email", "no_contact"}, NONE, NONE),
    ],
)
def test_only_the_columns_the_file_has_replace_what_is_stored(
    given: set[str], details: ContactDetails, after: ContactDetails
) -> None:
    assert ContactFields(frozenset(given), details).over(STORED) == after


def test_over_nothing_stored_the_missing_columns_are_blank() -> None:
    assert ContactFields(frozenset({"email"}), ContactDetails("07700900999", "a@example.com")).over(None) == (
        ContactDetails(None, "a@example.com", False)
    )


def test_the_changed_columns_are_named_in_order() -> None:
    assert changed_columns(None, STORED) == ["mobile", "email", "no_contact"]
    assert changed_columns(STORED, ContactDetails("07700900123", None, True)) == ["email"]
    assert changed_columns(STORED, STORED) == []
